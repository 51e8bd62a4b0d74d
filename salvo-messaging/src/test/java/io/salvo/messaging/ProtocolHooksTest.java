package io.salvo.messaging;

import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Login on connect, heartbeats, automatic replies and rejection, on both sides of a connection. */
class ProtocolHooksTest {

    private static MessagingConfig.Builder<Msg> as(String user) {
        return config().hooks(new TestHooks(user)).handshakeTimeout(Duration.ofMillis(500));
    }

    private static Svc<Msg> answeringService() throws IOException {
        Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, as(null).name("login-svc").build());
        svc.onMessage((from, m) -> {
            if (m.type() != Msg.REQUEST) {
                throw new IllegalStateException("the application saw a protocol message: " + m);
            }
            from.trySend(Msg.response(m));
        });
        return svc;
    }

    @Test
    void anAcceptedLoginLetsTrafficFlowAndTheApplicationNeverSeesIt() throws Exception {
        try (Svc<Msg> svc = answeringService(); Clt<Msg> c = Clt.connect(svc.localAddress(), as("alice").build())) {
            c.send(Msg.request(1));
            assertThat(recvOrFail(c)).isEqualTo(Msg.response(Msg.request(1)));
            assertThat(c.stats().messagesIn()).isEqualTo(2); // the login answer and the response
            assertThat(svc.stats().live()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedLoginFailsTheConnectAndIsCountedByTheService() throws Exception {
        try (Svc<Msg> svc = answeringService()) {
            assertThatThrownBy(() -> Clt.connect(svc.localAddress(), as("mallory").build()))
                    .isInstanceOf(ConnectionClosedException.class)
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).closeCause())
                            .isEqualTo(CloseCause.HANDSHAKE_REJECTED))
                    .hasMessageContaining("go away");
            awaitTrue("the refusal counted", () -> svc.stats().closed(CloseCause.HANDSHAKE_REJECTED) == 1);
            assertThat(svc.tryAccept()).isNull();
        }
    }

    @Test
    void aClientThatNeverLogsInIsClosedAtTheHandshakeTimeout() throws Exception {
        try (Svc<Msg> svc = answeringService(); Socket silent = new Socket()) {
            silent.connect(svc.localAddress());
            silent.setSoTimeout((int) PATIENCE.toMillis());
            try {
                assertThat(silent.getInputStream().read()).isEqualTo(-1);
            } catch (SocketException reset) {
                // closed as well
            }
            awaitTrue("the timeout counted", () -> svc.stats().closed(CloseCause.HANDSHAKE_TIMEOUT) == 1);
            assertThat(svc.tryAccept()).isNull();
        }
    }

    @Test
    void aServerThatNeverAnswersTheLoginFailsTheConnectAtTheHandshakeTimeout() throws Exception {
        try (TcpListener mute = TcpListener.bind(ANY_LOCAL_PORT)) {
            assertThatThrownBy(() -> Clt.connect(mute.localAddress(), as("alice").build()))
                    .isInstanceOf(ConnectionClosedException.class)
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).closeCause())
                            .isEqualTo(CloseCause.HANDSHAKE_TIMEOUT))
                    .hasMessageContaining("no login answer within 500 ms");
            TcpTransport accepted = mute.accept();
            if (accepted != null) {
                accepted.close();
            }
        }
    }

    @Test
    void heartbeatsKeepAnIdleConnectionAliveAndAreNotDelivered() throws Exception {
        MessagingConfig<Msg> beating = config().hooks(new TestHooks(null) {
            @Override
            public boolean requiresLogin() {
                return false;
            }
        }).heartbeat(Duration.ofMillis(50), 100).build(); // 5 s of silence to close: a loaded machine never gets there
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (Clt<Msg> a = Clt.over(pair[0], beating); Clt<Msg> b = Clt.over(pair[1], beating)) {
            awaitTrue("heartbeats both ways", () -> a.stats().heartbeatsIn() >= 5 && b.stats().heartbeatsIn() >= 5);
            assertThat(a.isOpen()).isTrue();
            assertThat(b.isOpen()).isTrue();
            assertThat(a.tryRecv()).isNull();
            assertThat(b.tryRecv()).isNull();
            assertThat(a.stats().heartbeatsOut()).isPositive();
        }
    }

    @Test
    void theServerStartsItsHeartbeatsAtTheLoginNotAtTheHandshakeTimeout() throws Exception {
        // A login timeout far beyond the test's patience: heartbeats that waited for it would never come.
        MessagingConfig.Builder<Msg> beating = as(null).handshakeTimeout(Duration.ofMinutes(2))
                .heartbeat(Duration.ofMillis(50), 100);
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, beating.build());
             Clt<Msg> c = Clt.connect(svc.localAddress(), as("alice").heartbeat(Duration.ofMillis(50), 100).build())) {
            awaitTrue("the server's heartbeats", () -> c.stats().heartbeatsIn() >= 3);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aSilentPeerIsClosedAfterTheMissedHeartbeats() throws Exception {
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer silent = new RawPeer(pair[0]);
             Clt<Msg> c = Clt.over(pair[1], as(null).heartbeat(Duration.ofMillis(50), 3).build())) {
            assertThat(silent.readMessages(1).getFirst().type()).isEqualTo(Msg.HEARTBEAT); // we do send them
            awaitTrue("closed for silence", () -> !c.isOpen());
            assertThat(c.closeCause()).isEqualTo(CloseCause.HEARTBEAT_MISSED);
            assertThatThrownBy(c::tryRecv).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("3 heartbeat intervals of 50 ms");
        }
    }

    @Test
    void chosenMessagesAreAnsweredAutomaticallyAndRejectedOnesNeverReachTheApplication() throws Exception {
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]); Clt<Msg> c = Clt.over(pair[1], as(null).build())) {
            peer.write(RawPeer.frames(new Msg(Msg.PING, 1, "hi"), new Msg(Msg.SPAM, 2, "buy"), Msg.request(3)));
            assertThat(recvOrFail(c)).isEqualTo(Msg.request(3));
            assertThat(peer.readMessages(1)).containsExactly(new Msg(Msg.PONG, 1, "hi"));
            ConnectionStats s = c.stats();
            assertThat(s.messagesIn()).isEqualTo(3);
            assertThat(s.autoReplied()).isEqualTo(1);
            assertThat(s.rejected()).isEqualTo(1);
        }
    }

    @Test
    void theServiceCountsRejectedMessagesOfAllItsConnections() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, as(null).build())) {
            svc.onMessage((from, m) -> delivered.incrementAndGet());
            try (Clt<Msg> c = Clt.connect(svc.localAddress(), as("alice").build())) {
                for (int i = 0; i < 10; i++) {
                    c.send(new Msg(Msg.SPAM, i, ""));
                }
                c.send(Msg.request(99));
                awaitTrue("the request delivered", () -> delivered.get() == 1);
            }
            assertThat(svc.stats().rejected()).isEqualTo(10);
        }
    }
}
