package io.salvo.messaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a thread spins in {@code recv(timeout)}, its connection's socket leaves the poller's epoll
 * set (the poller would only be woken for messages the spinner reads itself), and comes back once
 * nobody spins: every other way of receiving must work after spinning, and the protocol's timed
 * rules must go on meanwhile.
 */
class SpinningReceiverTest {

    private static Svc<Msg> answering(MessagingConfig<Msg> config) throws IOException {
        Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, config);
        svc.onMessage((from, m) -> from.trySend(Msg.response(m)));
        return svc;
    }

    @Test
    void afterSpinningTheClientParksThenUsesFuturesThenAHandlerAndGetsEveryAnswer() throws Exception {
        try (Svc<Msg> svc = answering(config().build()); Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            long id = 0;
            for (int i = 0; i < 300; i++, id++) {
                assertThat(c.trySend(Msg.request(id))).isTrue();
                assertThat(c.recv(PATIENCE)).isEqualTo(Msg.response(Msg.request(id)));
            }
            for (int i = 0; i < 100; i++, id++) {
                c.send(Msg.request(id));
                assertThat(recvOrFail(c)).isEqualTo(Msg.response(Msg.request(id)));
            }
            for (int i = 0; i < 100; i++, id++) {
                long expected = id;
                Msg answer = c.sendAsync(Msg.request(id)).thenCompose(sent -> c.recvAsync())
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.id()).isEqualTo(expected);
            }
            // spin once more, then hand the receiver to a handler
            assertThat(c.trySend(Msg.request(id))).isTrue();
            assertThat(c.recv(PATIENCE).id()).isEqualTo(id++);
            List<Long> ids = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(100);
            c.onMessage((from, m) -> {
                ids.add(m.id()); // poller thread only
                all.countDown();
            });
            long first = id;
            for (int i = 0; i < 100; i++, id++) {
                assertThat(c.trySend(Msg.request(id))).isTrue();
            }
            assertThat(all.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(ids).first().isEqualTo(first);
            assertThat(ids).last().isEqualTo(id - 1);
        }
    }

    @Test
    void messagesThatArriveAfterTheSpinningStoppedAreReadInTheBackgroundAndWakeAParkedReceiver() throws Exception {
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, config().build());
             Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            Clt<Msg> server = svc.accept(PATIENCE);
            assertThat(server).isNotNull();
            server.send(Msg.request(1));
            assertThat(c.recv(PATIENCE).id()).isEqualTo(1); // the socket is the spinner's now
            assertThat(c.recv(Duration.ofMillis(50))).isNull();
            Thread.sleep(50); // nobody spins: the poller takes the socket back
            for (long id = 2; id < 52; id++) {
                server.send(Msg.request(id));
            }
            for (long id = 2; id < 52; id++) {
                assertThat(recvOrFail(c).id()).isEqualTo(id);
            }
            assertThat(c.stats().messagesIn()).isEqualTo(51);
        }
    }

    @Test
    void heartbeatsFlowBothWaysWhileTheOnlyReceiverSpinsOnAQuietConnection() throws Exception {
        // 2 s of silence would close it; the spinner reads the heartbeats that keep it open
        MessagingConfig<Msg> beating = config().hooks(new TestHooks(null) {
            @Override
            public boolean requiresLogin() {
                return false;
            }
        }).heartbeat(Duration.ofMillis(50), 40).build();
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, beating);
             Clt<Msg> c = Clt.connect(svc.localAddress(), beating)) {
            for (int i = 0; i < 6; i++) {
                assertThat(c.recv(Duration.ofMillis(500))).isNull(); // heartbeats are not delivered
            }
            assertThat(c.isOpen()).isTrue();
            assertThat(c.stats().heartbeatsIn()).isPositive();
            assertThat(c.stats().heartbeatsOut()).isPositive();
            c.send(Msg.request(9));
            assertThat(svc.connections()).hasSize(1);
            Clt<Msg> server = svc.accept(PATIENCE);
            assertThat(recvOrFail(server).id()).isEqualTo(9);
        }
    }
}
