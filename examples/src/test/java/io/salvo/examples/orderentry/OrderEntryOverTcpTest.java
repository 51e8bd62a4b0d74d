package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;
import io.salvo.examples.orderentry.OrderEntry.Side;
import io.salvo.messaging.Clt;
import io.salvo.messaging.CloseCause;
import io.salvo.messaging.ConnectionClosedException;
import io.salvo.messaging.MessageHandlers;
import io.salvo.messaging.MessagingPoller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.salvo.examples.orderentry.Sessions.ANY_LOCAL_PORT;
import static io.salvo.examples.orderentry.Sessions.PATIENCE;
import static io.salvo.examples.orderentry.Sessions.alice;
import static io.salvo.examples.orderentry.Sessions.awaitTrue;
import static io.salvo.examples.orderentry.Sessions.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order-entry protocol end to end over TCP on loopback: every flavour, every hook, every answer. */
class OrderEntryOverTcpTest {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aTradingSessionGetsEveryKindOfAnswer(Flavour flavour) throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build())) {
            try (OrderEntryClient alice = OrderEntryClient.tcp(server.localAddress(), alice().build())) {
                int live = Conversation.run(alice, flavour, 1, 50);
                assertThat(server.liveOrders()).isEqualTo(live);
                assertThat(server.ordersRefusedByValidation()).isEqualTo(4);
                assertThat(server.stats().rejected()).isZero();
                assertThat(alice.connection().stats().rejected()).isZero();
            }
            awaitTrue("the session's orders cancelled on disconnect", () -> server.liveOrders() == 0);
            assertThat(server.stats().closed(CloseCause.PEER_CLOSED)).isEqualTo(1);
        }
    }

    @Test
    void tradersOnVirtualThreadsEachBlockInTheirOwnSession() throws Exception {
        int traders = 16;
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build())) {
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < traders; t++) {
                long firstId = 1_000L * t;
                boolean isAlice = t % 2 == 0;
                threads.add(Thread.ofVirtual().name("trader-" + t).start(() -> {
                    try (OrderEntryClient trader = OrderEntryClient.tcp(server.localAddress(),
                            isAlice ? alice().build() : OrderEntryProtocol.trader("bob", "hunter2").build())) {
                        Conversation.run(trader, Flavour.BLOCK, firstId, 20);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(120))).as(t.getName() + " finished").isTrue();
            }
            assertThat(failures).isEmpty();
            awaitTrue("every session closed", () -> server.stats().live() == 0);
            assertThat(server.stats().accepted()).isEqualTo(traders);
            assertThat(server.stats().closed(CloseCause.PEER_CLOSED)).isEqualTo(traders);
            assertThat(server.liveOrders()).isZero();
        }
    }

    @Test
    void aCallbackTraderOnItsOwnPollerPipelinesABurstAndGetsEveryAnswerInOrder() throws Exception {
        int orders = 400;
        List<OrderEntry> answers = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(orders);
        MessageHandlers.Counting<OrderEntry> counting = MessageHandlers.counting();
        try (MessagingPoller traders = MessagingPoller.start("traders");
             OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build())) {
            try (OrderEntryClient alice = OrderEntryClient.tcp(server.localAddress(), alice().poller(traders).build())) {
                Clt<OrderEntry> session = alice.connection();
                session.onMessage(MessageHandlers.chain(counting, (from, answer) -> {
                    answers.add(answer); // the poller thread only: no lock needed
                    all.countDown();
                }));
                for (int i = 0; i < orders; i++) {
                    int quantity = i % 4 == 3 ? 0 : 10; // every fourth one invalid
                    assertThat(session.tryEnqueue(new NewOrder(i, "HOOLI", Side.SELL, quantity, 99))).isTrue();
                }
                session.flush(); // the burst leaves in a few gathering writes
                assertThat(all.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(counting.messages()).isEqualTo(orders);
                assertThat(session.stats().writeCalls()).isLessThan(orders);
            }
        }
        for (int i = 0; i < orders; i++) {
            OrderEntry answer = answers.get(i);
            if (i % 4 == 3) {
                assertThat(answer).isInstanceOf(Reject.class);
                assertThat(((Reject) answer).reason()).isEqualTo(RejectReason.BAD_QUANTITY);
                assertThat(((Reject) answer).clientOrderId()).isEqualTo(i);
            } else {
                assertThat(answer).isInstanceOf(Ack.class);
                assertThat(((Ack) answer).clientOrderId()).isEqualTo(i);
            }
        }
    }

    @Test
    void aWrongPasswordFailsTheConnectAndIsCounted() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build())) {
            assertThatThrownBy(() -> OrderEntryClient.tcp(server.localAddress(), "alice", "guess"))
                    .isInstanceOf(ConnectionClosedException.class)
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).closeCause())
                            .isEqualTo(CloseCause.HANDSHAKE_REJECTED))
                    .hasMessageContaining("unknown user or wrong password");
            awaitTrue("the refusal counted", () -> server.stats().closed(CloseCause.HANDSHAKE_REJECTED) == 1);
            assertThat(server.stats().live()).isZero();
        }
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedAtTheLoginTimeout() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT,
                exchange().handshakeTimeout(Duration.ofMillis(200)).build());
             Socket silent = new Socket()) {
            silent.connect(server.localAddress());
            silent.setSoTimeout((int) PATIENCE.toMillis());
            assertClosedByPeer(silent.getInputStream());
            awaitTrue("the timeout counted", () -> server.stats().closed(CloseCause.HANDSHAKE_TIMEOUT) == 1);
        }
    }

    @Test
    void heartbeatsKeepAnIdleSessionOpenAndNeverReachTheApplication() throws Exception {
        Duration beat = Duration.ofMillis(50);
        // 100 silent intervals (5 s) before giving up: a loaded machine never gets there
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().heartbeat(beat, 100).build());
             OrderEntryClient alice = OrderEntryClient.tcp(server.localAddress(), alice().heartbeat(beat, 100).build())) {
            // the trader's heartbeats count in the exchange's messagesIn: the login and three at least
            awaitTrue("heartbeats both ways", () -> alice.connection().stats().heartbeatsIn() >= 3
                    && server.stats().messagesIn() >= 4);
            assertThat(server.stats().live()).isEqualTo(1);
            assertThat(alice.connection().tryRecv()).isNull();
            assertThat(Flavour.BLOCK.request(alice, new NewOrder(7, "ACME", Side.BUY, 1, 1))).isInstanceOf(Ack.class);
            assertThat(alice.connection().isOpen()).isTrue();
        }
    }

    @Test
    void aTraderThatFallsSilentAfterLoggingInIsClosedAfterTheMissedHeartbeats() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT,
                exchange().heartbeat(Duration.ofMillis(50), 3).build());
             Socket silent = new Socket()) {
            silent.connect(server.localAddress());
            silent.setSoTimeout((int) PATIENCE.toMillis());
            silent.getOutputStream().write(Sessions.frame(new OrderEntry.Login("alice", "s3cret")));
            assertClosedByPeer(silent.getInputStream()); // the login answer and heartbeats, then the end
            awaitTrue("closed for silence", () -> server.stats().closed(CloseCause.HEARTBEAT_MISSED) == 1);
        }
    }

    @Test
    void messagesATraderMustNotSendAreDroppedAndCounted() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build());
             OrderEntryClient alice = OrderEntryClient.tcp(server.localAddress(), alice().build())) {
            alice.connection().send(new Ack(1, 2));
            alice.connection().send(new OrderEntry.Login("alice", "s3cret"));
            assertThat(alice.request(new NewOrder(3, "ACME", Side.BUY, 1, 1))).isEqualTo(new Ack(3, 1));
            assertThat(server.stats().rejected()).isEqualTo(2);
        }
    }

    @Test
    void aPeerThatSendsGarbageIsClosedAndCounted() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.tcp(ANY_LOCAL_PORT, exchange().build());
             Socket raw = new Socket()) {
            raw.connect(server.localAddress());
            raw.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = raw.getOutputStream();
            out.write(Sessions.frame(new OrderEntry.Login("alice", "s3cret")));
            out.write(new byte[] {0, 3, 'Z', 1, 2}); // a frame of an unknown message type
            assertClosedByPeer(raw.getInputStream());
            awaitTrue("closed for the bad frame", () -> server.stats().closed(CloseCause.DECODE_ERROR) == 1);
        }
    }

    /** Reads until the peer closes (or resets); fails if it does not within the socket's timeout. */
    private static void assertClosedByPeer(InputStream in) throws IOException {
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // the login answer, heartbeats: not what this is waiting for
            }
        } catch (SocketException reset) {
            // closed as well
        }
    }
}
