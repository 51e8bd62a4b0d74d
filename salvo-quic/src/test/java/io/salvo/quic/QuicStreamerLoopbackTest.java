package io.salvo.quic;

import io.salvo.transport.loopback.LinkConditions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class QuicStreamerLoopbackTest {

    private static final QuicStreamerConfig FAST = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void everyPacketArrivesExactlyOnceThroughLossReorderingAndDuplication() throws Exception {
        LinkConditions bad = LinkConditions.PERFECT.withLoss(0.05).withReordering(0.10, 4).withDuplication(0.02);
        int count = 600;
        try (LoopbackFixture f = new LoopbackFixture(bad, FAST, PeerWeights.NONE)) {
            QuicSender sender = f.sender("10.0.1.1");
            for (int i = 0; i < count; i++) {
                sender.send(Packets.packet(i, 100 + (i * 37) % 1133)); // sizes 100..1232
            }
            SendReport report = sender.close(Duration.ofSeconds(40));

            assertThat(report.unconfirmed()).isZero();
            assertThat(Packets.await(() -> f.collector.total.get() >= count, 30)).isTrue();
            assertThat(f.collector.exactlyOnce(count)).isTrue();
            assertThat(f.collector.corrupt.get()).isZero();
            assertThat(f.network.stats().balanced()).isTrue();
        }
    }

    @Test
    void packetsOfExactlyTheLimitArriveAndOneByteMoreIsStoppedAndCounted() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(FAST)) {
            QuicSender sender = f.sender("10.0.1.2");
            sender.send(Packets.packet(0, 1232));
            sender.send(Packets.packet(1, 1233));
            sender.send(Packets.packet(2, 64 * 1024));
            sender.send(Packets.packet(3, 8));
            SendReport report = sender.close(Duration.ofSeconds(20));

            // The peer's verdict on the oversized ones shows in its counters; the sender only knows
            // none is left unaccounted for (refused while written, or finished by the peer).
            assertThat(report.sent()).isEqualTo(4);
            assertThat(report.unconfirmed()).isZero();
            assertThat(report.confirmed() + report.refused()).isEqualTo(4);

            assertThat(Packets.await(() -> f.streamer.stats().streamsOversized() == 2 && f.collector.total.get() == 2, 30)).isTrue();
            assertThat(f.collector.timesSeen).containsOnlyKeys(0L, 3L);
            assertThat(f.streamer.stats().packetsDelivered()).isEqualTo(2);
        }
    }
}
