package io.salvo.quic;

import io.salvo.transport.loopback.LinkConditions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each admission limit, end to end over the loopback network, where every peer can have its own IP. */
class AdmissionLimitsTest {

    private static final QuicStreamerConfig BASE = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void connectionsBeyondTheTotalAreRefusedAndCounted() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE.withConnectionLimits(3, 8))) {
            for (int i = 1; i <= 4; i++) {
                f.sender("10.0.4." + i);
            }
            assertThat(Packets.await(() -> f.streamer.stats().connectionsRefused() == 1, 30)).isTrue();
            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.connectionsAccepted()).isEqualTo(3);
            assertThat(stats.connectionsOpen()).isEqualTo(3);
            assertThat(stats.peers().get(InetAddress.getByName("10.0.4.4")).connectionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void connectionsBeyondThePerIpLimitAreRefusedWhileOtherIpsGetIn() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE.withConnectionLimits(100, 2))) {
            for (int i = 0; i < 3; i++) {
                f.sender("10.0.5.1");
            }
            QuicSender other = f.sender("10.0.5.2");
            other.send(Packets.packet(0, 100));
            assertThat(other.close(Duration.ofSeconds(20)).unconfirmed()).isZero();
            assertThat(Packets.await(() -> f.streamer.stats().connectionsRefused() == 1, 30)).isTrue();
            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.connectionsAccepted()).isEqualTo(3);
            assertThat(stats.peers().get(InetAddress.getByName("10.0.5.1")).connectionsAccepted()).isEqualTo(2);
            assertThat(stats.packetsDelivered()).isEqualTo(1);
        }
    }

    @Test
    void aStakedNewcomerEvictsTheUnstakedConnectionWhenFull() throws Exception {
        PeerWeights weights = PeerWeights.of(Map.of(InetAddress.getByName("10.0.6.9"), 1000L));
        try (LoopbackFixture f = new LoopbackFixture(LinkConditions.PERFECT, BASE.withConnectionLimits(2, 8), weights)) {
            f.sender("10.0.6.1");
            f.sender("10.0.6.2");
            QuicSender staked = f.sender("10.0.6.9");
            assertThat(Packets.await(() -> f.streamer.stats().connectionsEvicted() == 1, 30)).isTrue();
            staked.send(Packets.packet(0, 200));
            assertThat(staked.close(Duration.ofSeconds(20)).unconfirmed()).isZero();

            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.peers().get(InetAddress.getByName("10.0.6.1")).connectionsEvicted()).isEqualTo(1); // the oldest
            assertThat(stats.peers().get(InetAddress.getByName("10.0.6.9")).weight()).isEqualTo(1000);
            assertThat(stats.connectionsRefused()).isZero();
            assertThat(f.collector.timesSeen).containsOnlyKeys(0L);
        }
    }

    @Test
    void anUnstakedNewcomerIsRefusedWhenTheTableIsFullOfEqualOrHeavierPeers() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE.withConnectionLimits(1, 8))) {
            f.sender("10.0.7.1");
            f.sender("10.0.7.2");
            assertThat(Packets.await(() -> f.streamer.stats().connectionsRefused() == 1, 30)).isTrue();
            assertThat(f.streamer.stats().connectionsEvicted()).isZero();
        }
    }

    @Test
    void streamsOverTheRateAreRefusedWhenTheDelayWouldBeTooLong() throws Exception {
        // 10 streams/s, no delay allowed: 300 streams cannot all be taken within any sane test time.
        QuicStreamerConfig config = BASE.withStreamRates(1_000_000, 10, Duration.ofSeconds(1), Duration.ZERO);
        try (LoopbackFixture f = new LoopbackFixture(config)) {
            QuicSender sender = f.sender("10.0.8.1");
            int count = 300;
            for (int i = 0; i < count; i++) {
                sender.send(Packets.packet(i, 64));
            }
            SendReport report = sender.close(Duration.ofSeconds(20));
            assertThat(report.unconfirmed()).isZero();
            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.streamsRefused()).isPositive();
            assertThat(stats.streamsRefused() + stats.packetsDelivered()).isEqualTo(count);
            assertThat(stats.peers().get(InetAddress.getByName("10.0.8.1")).streamsRefused()).isEqualTo(stats.streamsRefused());
            assertThat(f.collector.corrupt.get()).isZero();
        }
    }

    @Test
    void streamsOverTheRateAreDelayedNotDroppedWhileTheDelayIsShort() throws Exception {
        // 50 streams/s measured over 200 ms windows (10 per window); a delay of up to 2 s is allowed.
        QuicStreamerConfig config = BASE.withStreamRates(1_000_000, 50, Duration.ofMillis(200), Duration.ofSeconds(2));
        try (LoopbackFixture f = new LoopbackFixture(config)) {
            QuicSender sender = f.sender("10.0.9.1");
            int count = 100;
            for (int i = 0; i < count; i++) {
                sender.send(Packets.packet(i, 64));
            }
            SendReport report = sender.close(Duration.ofSeconds(30));
            assertThat(report.unconfirmed()).isZero();
            assertThat(f.collector.exactlyOnce(count)).isTrue();
            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.streamsRefused()).isZero();
            assertThat(stats.streamsThrottled()).isPositive();
        }
    }

    @Test
    void aStakedPeersShareLetsItThroughWhereAnUnstakedPeerIsRefused() throws Exception {
        PeerWeights weights = PeerWeights.of(Map.of(InetAddress.getByName("10.0.10.9"), 1L));
        QuicStreamerConfig config = BASE.withStreamRates(1_000_000, 5, Duration.ofSeconds(1), Duration.ZERO);
        try (LoopbackFixture f = new LoopbackFixture(LinkConditions.PERFECT, config, weights)) {
            QuicSender staked = f.sender("10.0.10.9");
            QuicSender unstaked = f.sender("10.0.10.1");
            for (int i = 0; i < 100; i++) {
                staked.send(Packets.packet(i, 64));
                unstaked.send(Packets.packet(1000 + i, 64));
            }
            staked.close(Duration.ofSeconds(20));
            unstaked.close(Duration.ofSeconds(20));
            QuicStreamerStats stats = f.streamer.stats();
            PeerStats stakedStats = stats.peers().get(InetAddress.getByName("10.0.10.9"));
            PeerStats unstakedStats = stats.peers().get(InetAddress.getByName("10.0.10.1"));
            assertThat(stakedStats.packetsDelivered()).isEqualTo(100);  // the whole budget is its share
            assertThat(stakedStats.streamsRefused()).isZero();
            assertThat(unstakedStats.streamsRefused()).isPositive();
        }
    }
}
