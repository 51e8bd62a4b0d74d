package io.salvo.quic;

import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class QuicStreamerUdpTest {

    private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void everyPacketSentOverRealUdpArrivesExactlyOnceAndIsConfirmed() throws Exception {
        ServerCredentials credentials = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Packets.Collector collector = new Packets.Collector();
        int count = 2000;
        try (QuicStreamer streamer = QuicStreamer.start(UdpTransport.bind(ANY_LOCAL), QuicStreamerConfig.defaults()
                        .withStreamRates(500_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
                        .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30)),
                credentials, PeerWeights.NONE, collector)) {
            InetSocketAddress server = (InetSocketAddress) streamer.localAddress();
            QuicSender sender = QuicSender.connect(server, "localhost", QuicSenderConfig.trusting(credentials.trustStore()),
                    () -> UdpTransport.bind(ANY_LOCAL));
            for (int i = 0; i < count; i++) {
                sender.send(Packets.packet(i, 1232));
            }
            SendReport report = sender.close(Duration.ofSeconds(30));

            assertThat(report.sent()).isEqualTo(count);
            assertThat(report.confirmed()).isEqualTo(count);
            assertThat(report.unconfirmed()).isZero();
            assertThat(Packets.await(() -> collector.total.get() >= count, 30)).isTrue();
            assertThat(collector.exactlyOnce(count)).isTrue();
            assertThat(collector.corrupt.get()).isZero();
            QuicStreamerStats stats = streamer.stats();
            assertThat(stats.packetsDelivered()).isEqualTo(count);
            assertThat(stats.bytesDelivered()).isEqualTo(count * 1232L);
            assertThat(stats.connectionsAccepted()).isEqualTo(1);
            assertThat(stats.peers()).containsKey(server.getAddress());
        }
    }
}
