package io.salvo.quic;

import io.salvo.quic.kwik.DatagramGate;
import io.salvo.quic.kwik.TransportDatagramSocket;
import io.salvo.transport.loopback.LinkConditions;
import org.junit.jupiter.api.Test;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.log.NullLogger;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that starts a handshake and goes silent is closed after the handshake timeout, not the idle timeout. */
class HandshakeTimeoutTest {

    // The idle timeout is a minute and the test waits at most 20 s for the close, so only the
    // handshake timeout (1 s) can be what ends the stalled handshake.
    private static final QuicStreamerConfig CONFIG = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60))
            .withHandshakeTimeout(Duration.ofSeconds(1));

    @Test
    void aStalledHandshakeIsClosedCountedAndForgottenWhileOthersAreServed() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(CONFIG)) {
            InetSocketAddress stallingAddress = f.freshAddress("10.0.8.1");
            // The streamer's replies never reach the client, so its handshake cannot complete.
            f.network.setLink(LoopbackFixture.SERVER, stallingAddress, LinkConditions.PERFECT.withLoss(1.0));
            QuicClientConnection stalling = QuicClientConnection.newBuilder()
                    .host("streamer.test").port(LoopbackFixture.SERVER.getPort())
                    .proxy(LoopbackFixture.SERVER.getAddress().getHostAddress())
                    .applicationProtocol(QuicStreamerConfig.DEFAULT_ALPN)
                    .customTrustStore(LoopbackFixture.CREDENTIALS.trustStore())
                    .connectTimeout(Duration.ofSeconds(10))
                    .logger(new NullLogger())
                    .socketFactory(a -> new TransportDatagramSocket(f.network.open(stallingAddress), true, 16, DatagramGate.OPEN))
                    .build();
            Thread connecting = Thread.ofVirtual().start(() -> {
                try {
                    stalling.connect();
                } catch (Exception e) {
                    // expected: it never hears back
                }
            });
            try {
                assertThat(Packets.await(() -> f.streamer.stats().handshakesInProgress() == 1, 20)).isTrue();
                // Now the client goes silent too: nothing but the handshake timeout can end the connection early.
                f.network.setLink(stallingAddress, LoopbackFixture.SERVER, LinkConditions.PERFECT.withLoss(1.0));

                assertThat(Packets.await(() -> f.streamer.stats().handshakesTimedOut() == 1, 20)).isTrue();
                // Closed, then forgotten by Kwik after its closing period: nothing of it is left.
                assertThat(Packets.await(() -> f.streamer.kwikConnectionsHeld() == 0, 30)).isTrue();
                QuicStreamerStats stats = f.streamer.stats();
                assertThat(stats.handshakesInProgress()).isZero();
                assertThat(stats.connectionsAccepted()).isZero();

                QuicSender good = f.sender("10.0.8.2");
                for (int i = 0; i < 20; i++) {
                    good.send(Packets.packet(i, 300));
                }
                assertThat(good.close(Duration.ofSeconds(20)).unconfirmed()).isZero();
                assertThat(f.collector.exactlyOnce(20)).isTrue();
                assertThat(f.streamer.stats().handshakesTimedOut()).isEqualTo(1);
            } finally {
                stalling.close();
                connecting.join(Duration.ofSeconds(15).toMillis());
            }
        }
    }
}
