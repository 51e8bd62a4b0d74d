package io.salvo.messaging;

import io.salvo.stream.tcp.TcpListener;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;

/** A connection split between a sending and a receiving thread; retried connects; Unix stream services. */
class SplitAndRetryTest {

    @Test
    void aSendingThreadAndAReceivingThreadShareOneConnection() throws Exception {
        int count = 20_000;
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, config().build())) {
            svc.onMessage((from, m) -> from.trySend(Msg.response(m)));
            try (Clt<Msg> c = Clt.connect(svc.localAddress(), config().build())) {
                Clt.Split<Msg> split = c.split();
                CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                    try {
                        long expected = 0;
                        for (; expected < count; expected++) {
                            Msg m = split.receiver().recvBlocking(PATIENCE);
                            if (m == null || m.id() != expected) {
                                throw new AssertionError("expected answer " + expected + ", got " + m);
                            }
                        }
                        return expected;
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                });
                for (long id = 0; id < count; id++) {
                    split.sender().send(Msg.request(id));
                }
                assertThat(received.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(count);
            }
        }
    }

    @Test
    void aConnectRetriedWithBackOffReachesAServiceThatStartsLate() throws Exception {
        InetSocketAddress later;
        try (TcpListener probe = TcpListener.bind(ANY_LOCAL_PORT)) {
            later = probe.localAddress(); // free now, and taken by the service below once the client is retrying
        }
        CompletableFuture<Clt<Msg>> client = CompletableFuture.supplyAsync(() -> {
            try {
                return Clt.connect(later, config().retry(RetryPolicy.of(400, Duration.ofMillis(10), Duration.ofMillis(50)))
                        .build());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(100);
        try (Svc<Msg> svc = Svc.bind(later, config().build())) {
            svc.onMessage((from, m) -> from.trySend(Msg.response(m)));
            try (Clt<Msg> c = client.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                c.send(Msg.request(1));
                assertThat(recvOrFail(c).id()).isEqualTo(1);
            }
        }
    }

    @Test
    void aServiceOnAUnixStreamPathServesClientsAndRemovesItsPathWhenClosed() throws Exception {
        Path dir = Files.createTempDirectory("salvo-messaging");
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("svc.sock"));
        try (Svc<Msg> svc = Svc.bind(path, config().build())) {
            svc.onMessage((from, m) -> from.trySend(Msg.response(m)));
            try (Clt<Msg> c = Clt.connect(path, config().build())) {
                c.send(Msg.request(9));
                assertThat(recvOrFail(c).id()).isEqualTo(9);
            }
        }
        assertThat(Files.exists(path.getPath())).isFalse();
        Files.delete(dir);
    }

    @Test
    void theRetryPolicyDoublesItsBackOffUpToTheMaximum() {
        RetryPolicy p = RetryPolicy.of(10, Duration.ofMillis(10), Duration.ofMillis(70));
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMillis(70));
        assertThat(p.backoffAfter(9)).isEqualTo(Duration.ofMillis(70));
    }
}
