package io.salvo.quic;

import io.salvo.transport.loopback.LinkConditions;
import io.salvo.transport.loopback.LoopbackNetwork;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class QuicSenderTest {

    private static final QuicStreamerConfig FAST = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void aSenderReconnectsAfterItsConnectionIsDroppedAndLosesNothingConfirmed() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(FAST.withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(2)))) {
            QuicSender sender = f.sender("10.0.15.1");
            for (int i = 0; i < 10; i++) {
                sender.send(Packets.packet(i, 100));
            }
            assertThat(sender.flush(Duration.ofSeconds(20))).isZero();
            // Cut the path, then let the idle timeout (the lower of the two sides', here the streamer's 2 s) drop the
            // connection at both ends. Waiting for an idle drop on a live path is not reliable between two Kwik
            // endpoints: Kwik adds a PING to an ACK-only packet when its own ACKs went unacknowledged for over 10 ms
            // (RFC 9000 13.2.4), the peer's delayed ACK (up to 25 ms) then carries a PING too, and on a sub-millisecond
            // path this ping-pong can go on for good, so neither side is ever idle (6 of 15 runs, measured).
            f.network.setDefaultLink(LinkConditions.PERFECT.withLoss(1.0));
            assertThat(Packets.await(() -> f.streamer.stats().connectionsOpen() == 0, 30))
                    .as("the streamer noticed the idle drop: %s", f.streamer.stats()).isTrue();
            assertThat(Packets.await(() -> !sender.isConnected(), 30))
                    .as("the sender noticed the idle drop: %s", sender.report()).isTrue();
            f.network.setDefaultLink(LinkConditions.PERFECT);
            for (int i = 10; i < 20; i++) {
                sender.send(Packets.packet(i, 100));
            }
            SendReport report = sender.close(Duration.ofSeconds(20));

            assertThat(report.reconnects()).isEqualTo(1);
            assertThat(report.sent()).isEqualTo(20);
            assertThat(report.confirmed()).isEqualTo(20);
            assertThat(report.unconfirmed()).isZero();
            assertThat(f.collector.exactlyOnce(20)).isTrue();
            assertThat(f.streamer.stats().connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void inFlightPacketsStayWithinTheBound() throws Exception {
        AtomicInteger maxSeenUnconfirmed = new AtomicInteger();
        try (LoopbackFixture f = new LoopbackFixture(FAST)) {
            QuicSender sender = f.sender("10.0.15.2", QuicSenderConfig.trusting(LoopbackFixture.CREDENTIALS.trustStore()).withMaxInFlight(4));
            for (int i = 0; i < 200; i++) {
                sender.send(Packets.packet(i, 300));
                SendReport r = sender.report();
                maxSeenUnconfirmed.accumulateAndGet((int) r.unconfirmed(), Math::max);
            }
            assertThat(sender.close(Duration.ofSeconds(20)).unconfirmed()).isZero();
            assertThat(maxSeenUnconfirmed.get()).isLessThanOrEqualTo(4);
            assertThat(f.collector.exactlyOnce(200)).isTrue();
        }
    }

    @Test
    void fanOutReachesEveryStreamerAndCountsTheUnreachableTarget() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        List<InetSocketAddress> targets = List.of(new InetSocketAddress("10.3.0.1", 8000), new InetSocketAddress("10.3.0.2", 8000));
        InetSocketAddress nobody = new InetSocketAddress("10.3.0.3", 8000);
        Packets.Collector first = new Packets.Collector();
        Packets.Collector second = new Packets.Collector();
        AtomicInteger port = new AtomicInteger(50_000);
        try (QuicStreamer a = QuicStreamer.start(network.open(targets.get(0)), FAST, LoopbackFixture.CREDENTIALS, PeerWeights.NONE, first);
             QuicStreamer b = QuicStreamer.start(network.open(targets.get(1)), FAST, LoopbackFixture.CREDENTIALS, PeerWeights.NONE, second)) {
            MultiTargetSender fanOut = new MultiTargetSender(
                    QuicSenderConfig.trusting(LoopbackFixture.CREDENTIALS.trustStore()).withConnectTimeout(Duration.ofSeconds(1)),
                    () -> network.open(new InetSocketAddress("10.3.1.1", port.getAndIncrement())),
                    target -> "streamer.test");
            int taken = 0;
            for (int i = 0; i < 30; i++) {
                taken += fanOut.send(Packets.packet(i, 200), i == 0 ? List.of(targets.get(0), targets.get(1), nobody) : targets);
            }
            Map<InetSocketAddress, SendReport> reports = fanOut.close(Duration.ofSeconds(20));

            assertThat(taken).isEqualTo(60);
            assertThat(fanOut.failures()).containsExactly(Map.entry(nobody, 1L));
            assertThat(reports.values()).allSatisfy(r -> assertThat(r.confirmed()).isEqualTo(30));
            assertThat(first.exactlyOnce(30)).isTrue();
            assertThat(second.exactlyOnce(30)).isTrue();
        }
    }
}
