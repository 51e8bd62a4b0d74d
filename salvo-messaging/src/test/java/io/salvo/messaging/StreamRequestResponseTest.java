package io.salvo.messaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tiny request/response protocol end to end over TCP: a service answering on the poller thread,
 * and a client in each flavour (non-blocking with spinning waits, blocking, asynchronous).
 */
class StreamRequestResponseTest {

    private static final int REQUESTS = 500;

    private Svc<Msg> svc;

    @BeforeEach
    void startEchoService() throws IOException {
        svc = Svc.bind(ANY_LOCAL_PORT, config().name("answers").build());
        svc.onMessage((from, request) -> {
            if (!from.trySend(Msg.response(request))) {
                throw new IllegalStateException("the outbound queue is full");
            }
        });
    }

    @AfterEach
    void stop() {
        svc.close();
    }

    @Test
    void nonBlockingClientSpinsForEachAnswer() throws IOException {
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            for (long id = 0; id < REQUESTS; id++) {
                assertThat(c.trySend(Msg.request(id))).isTrue();
                Msg answer = c.recv(PATIENCE);
                assertThat(answer).isEqualTo(new Msg(Msg.RESPONSE, id, "re:q" + id));
            }
            assertThat(c.tryRecv()).isNull();
            assertThat(c.stats().messagesOut()).isEqualTo(REQUESTS);
            assertThat(c.stats().messagesIn()).isEqualTo(REQUESTS);
        }
    }

    @Test
    void blockingClientParksForEachAnswer() throws IOException {
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            for (long id = 0; id < REQUESTS; id++) {
                c.send(Msg.request(id));
                assertThat(c.recv()).isEqualTo(new Msg(Msg.RESPONSE, id, "re:q" + id));
            }
        }
    }

    @Test
    void asynchronousClientChainsFutures() throws Exception {
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            CompletableFuture<Long> done = CompletableFuture.completedFuture(0L);
            for (long id = 0; id < REQUESTS; id++) {
                long expected = id;
                done = done.thenCompose(n -> c.sendAsync(Msg.request(expected)))
                        .thenCompose(sent -> c.recvAsync())
                        .thenApply(answer -> {
                            assertThat(answer.id()).isEqualTo(expected);
                            return expected;
                        });
            }
            assertThat(done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(REQUESTS - 1);
        }
    }

    @Test
    void asynchronousClientWithAHandlerGetsEveryAnswerInOrder() throws Exception {
        List<Long> ids = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(REQUESTS);
        MessageHandlers.Counting<Msg> counting = MessageHandlers.counting();
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            c.onMessage(MessageHandlers.chain(counting, (from, answer) -> {
                ids.add(answer.id()); // poller thread only: no lock needed
                all.countDown();
            }));
            for (long id = 0; id < REQUESTS; id++) {
                assertThat(c.tryEnqueue(Msg.request(id))).isTrue(); // a burst: the poller writes it in few calls
            }
            c.flush();
            assertThat(all.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(counting.messages()).isEqualTo(REQUESTS);
            assertThat(c.stats().writeCalls()).isLessThan(REQUESTS);
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 0; id < REQUESTS; id++) {
            expected.add(id);
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void blockingServiceServesEachConnectionOnAVirtualThread() throws Exception {
        try (Svc<Msg> blocking = Svc.bind(ANY_LOCAL_PORT, config().name("blocking").build())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (Clt<Msg> c; (c = blocking.accept(PATIENCE)) != null; ) {
                        Clt<Msg> conn = c;
                        Thread.ofVirtual().start(() -> {
                            try {
                                while (true) {
                                    conn.send(Msg.response(conn.recv()));
                                }
                            } catch (ConnectionClosedException expectedAtTheEnd) {
                                // the client left
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        });
                    }
                } catch (IOException closed) {
                    // the service closed
                }
            });
            try (Clt<Msg> a = Clt.connect(blocking.localAddress(), config().build());
                 Clt<Msg> b = Clt.connect(blocking.localAddress(), config().build())) {
                for (long id = 0; id < 100; id++) {
                    a.send(Msg.request(id));
                    b.send(Msg.request(id + 1000));
                    assertThat(recvOrFail(a).id()).isEqualTo(id);
                    assertThat(recvOrFail(b).id()).isEqualTo(id + 1000);
                }
            }
            blocking.close();
            acceptor.join(PATIENCE);
            assertThat(acceptor.isAlive()).isFalse();
        }
    }

    @Test
    void serviceStatsCountEveryConnectionAndMessage() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
                for (long id = 0; id < 10; id++) {
                    c.send(Msg.request(id));
                    recvOrFail(c);
                }
            }
        }
        Messaging.awaitTrue("every connection closed", () -> svc.stats().live() == 0);
        SvcStats s = svc.stats();
        assertThat(s.accepted()).isEqualTo(3);
        assertThat(s.messagesIn()).isEqualTo(30);
        assertThat(s.messagesOut()).isEqualTo(30);
        assertThat(s.closed(CloseCause.PEER_CLOSED)).isEqualTo(3);
        assertThat(s.bytesIn()).isEqualTo(3 * 10 * (4 + 9 + 2)); // header, type and id, "q0".."q9"
    }

    @Test
    void theSocketChannelFallbackCarriesTheSameProtocol() throws IOException {
        io.salvo.stream.tcp.TcpOptions nio = io.salvo.stream.tcp.TcpOptions.builder()
                .implementation(io.salvo.stream.tcp.TcpOptions.Implementation.NIO).build();
        try (Svc<Msg> fallback = Svc.bind(ANY_LOCAL_PORT, config().tcpOptions(nio).build());
             Clt<Msg> c = Clt.connect(fallback.localAddress(), config().tcpOptions(nio).build())) {
            fallback.onAccept(conn -> conn.onMessage((from, m) -> from.trySend(Msg.response(m))));
            for (long id = 0; id < 100; id++) {
                c.send(Msg.request(id));
                assertThat(recvOrFail(c).id()).isEqualTo(id);
            }
        }
    }

    @Test
    void recvTimesOutWithNullWhenNothingComes() throws IOException {
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
            assertThat(c.tryRecv()).isNull();
            assertThat(c.recv(Duration.ofMillis(20))).isNull();
            assertThat(c.recvBlocking(Duration.ofMillis(20))).isNull();
        }
    }
}
