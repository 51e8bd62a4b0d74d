package io.salvo.transport.loopback;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackImpairmentTest {

    /** Sends {@code count} numbered datagrams a to b, then receives everything; returns the sequence numbers seen. */
    private static List<Integer> run(LoopbackNetwork net, LinkConditions link, int count, ManualClock clock)
            throws IOException {
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        net.setLink(a.localAddress(), b.localAddress(), link);
        DatagramBuffer out = DatagramBuffer.allocate(1472, 0);
        for (int i = 0; i < count; i++) {
            out.reset().writeInt(i).writeBytes(new byte[96]);
            a.send(out, b.localAddress());
        }
        if (clock != null) {
            clock.advance(Duration.ofSeconds(10));
        }
        List<Integer> seen = new ArrayList<>();
        try (PacketBatch in = PacketBatch.allocate(64)) {
            int n;
            while ((n = b.recvBatch(in)) > 0) {
                for (int i = 0; i < n; i++) {
                    seen.add(in.buffer(i).getInt(0));
                }
            }
        }
        return seen;
    }

    @Test
    void sameSeedGivesTheSameOutcome() throws IOException {
        LinkConditions lossy = LinkConditions.PERFECT.withLoss(0.1).withDuplication(0.05).withReordering(0.05, 3)
                .withBurstLoss(0.01, 0.3, 0.9);
        List<Integer> first = run(LoopbackNetwork.builder().seed(42).receiveQueueLimit(1 << 20).build(), lossy, 2000, null);
        List<Integer> second = run(LoopbackNetwork.builder().seed(42).receiveQueueLimit(1 << 20).build(), lossy, 2000, null);
        List<Integer> other = run(LoopbackNetwork.builder().seed(43).receiveQueueLimit(1 << 20).build(), lossy, 2000, null);
        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    @Test
    void randomLossDropsAboutTheConfiguredShareAndCountsIt() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.builder().seed(7).receiveQueueLimit(1 << 20).build();
        List<Integer> seen = run(net, LinkConditions.PERFECT.withLoss(0.2), 10_000, null);
        NetworkStats s = net.stats();
        assertThat(s.drops(DropCause.IMPAIRMENT)).isBetween(1700L, 2300L);
        assertThat(seen.size() + s.drops(DropCause.IMPAIRMENT)).isEqualTo(10_000);
        assertThat(s.balanced()).isTrue();
    }

    @Test
    void burstLossComesInRuns() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.builder().seed(3).receiveQueueLimit(1 << 20).build();
        List<Integer> seen = run(net, LinkConditions.PERFECT.withBurstLoss(0.02, 0.2, 1.0), 10_000, null);
        int gaps = 0;
        int lost = 10_000 - seen.size();
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i) - seen.get(i - 1) > 1) {
                gaps++;
            }
        }
        assertThat(lost).isPositive();
        assertThat((double) lost / gaps).as("mean burst length").isGreaterThan(2.5);
        assertThat(net.stats().balanced()).isTrue();
    }

    @Test
    void duplicationDeliversExtraCopiesAndCountsThem() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.builder().seed(5).receiveQueueLimit(1 << 20).build();
        List<Integer> seen = run(net, LinkConditions.PERFECT.withDuplication(0.1), 5_000, null);
        NetworkStats s = net.stats();
        assertThat(s.duplicated()).isBetween(350L, 650L);
        assertThat(seen).hasSize((int) (5_000 + s.duplicated()));
        assertThat(s.balanced()).isTrue();
    }

    @Test
    void reorderingDeliversEverythingButOutOfOrder() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.builder().seed(9).receiveQueueLimit(1 << 20).build();
        List<Integer> seen = run(net, LinkConditions.PERFECT.withReordering(0.1, 2), 1_000, null);
        assertThat(seen).hasSize(1_000).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(seen).isNotEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(net.stats().balanced()).isTrue();
    }

    @Test
    void delayHoldsDatagramsUntilTheClockPassesIt() throws IOException {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().clock(clock).build();
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        net.setLink(a.localAddress(), b.localAddress(),
                LinkConditions.PERFECT.withDelay(Duration.ofMillis(5), Duration.ofMillis(1)));
        a.send(DatagramBuffer.allocate().writeInt(1), b.localAddress());
        DatagramBuffer in = DatagramBuffer.allocate();
        assertThat(b.recv(in)).isNull();
        clock.advance(Duration.ofMillis(4));
        assertThat(b.recv(in)).isNull();
        clock.advance(Duration.ofMillis(2));
        assertThat(b.recv(in)).isEqualTo(a.localAddress());
        assertThat(net.stats().inFlight()).isZero();
    }

    @Test
    void mtuTruncatesOrDropsOversizeDatagrams() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.create();
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        LoopbackTransport c = net.open();
        net.setLink(a.localAddress(), b.localAddress(), LinkConditions.PERFECT.withMtu(100, LinkConditions.OversizeAction.TRUNCATE));
        net.setLink(a.localAddress(), c.localAddress(), LinkConditions.PERFECT.withMtu(100, LinkConditions.OversizeAction.DROP));
        DatagramBuffer big = DatagramBuffer.allocate().writeBytes(new byte[500]);
        a.send(big, b.localAddress());
        a.send(big, c.localAddress());
        try (PacketBatch in = PacketBatch.allocate(4)) {
            assertThat(b.recvBatch(in)).isEqualTo(1);
            assertThat(in.isTruncated(0)).isTrue();
            assertThat(in.length(0)).isEqualTo(500);
            assertThat(in.buffer(0).length()).isEqualTo(100);
            assertThat(c.recvBatch(in)).isZero();
        }
        assertThat(b.stats().drops(DropCause.TRUNCATED)).isEqualTo(1);
        assertThat(c.stats().drops(DropCause.OVERSIZE)).isEqualTo(1);
        NetworkStats s = net.stats();
        assertThat(s.truncated()).isEqualTo(1);
        assertThat(s.balanced()).isTrue();
    }

    @Test
    void bandwidthQueueDropsExcessOrBlocksTheSender() throws IOException {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().clock(clock).build();
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        LoopbackTransport c = net.open();
        // 1 Mbit/s: a 125-byte datagram takes 1 ms; room for 10 waiting.
        net.setLink(a.localAddress(), b.localAddress(),
                LinkConditions.PERFECT.withBandwidth(1_000_000, 10, LinkConditions.QueueFullAction.DROP));
        net.setLink(a.localAddress(), c.localAddress(),
                LinkConditions.PERFECT.withBandwidth(1_000_000, 10, LinkConditions.QueueFullAction.BLOCK_SENDER));
        DatagramBuffer d = DatagramBuffer.allocate().writeBytes(new byte[125]);
        for (int i = 0; i < 30; i++) {
            assertThat(a.send(d, b.localAddress())).isEqualTo(SendStatus.SENT);
        }
        int blocked = 0;
        for (int i = 0; i < 30; i++) {
            if (a.send(d, c.localAddress()) == SendStatus.WOULD_BLOCK) {
                blocked++;
            }
        }
        assertThat(blocked).isEqualTo(20);
        assertThat(b.stats().drops(DropCause.QUEUE_OVERFLOW)).isEqualTo(20);
        assertThat(a.stats().drops(DropCause.WOULD_BLOCK)).isEqualTo(20);

        try (PacketBatch in = PacketBatch.allocate(64)) {
            clock.advance(Duration.ofNanos(4_500_000));
            assertThat(b.recvBatch(in)).as("only what finished crossing the link by 4.5 ms").isEqualTo(4);
            clock.advance(Duration.ofSeconds(1));
            assertThat(b.recvBatch(in)).isEqualTo(6);
            assertThat(c.recvBatch(in)).isEqualTo(10);
        }
        assertThat(net.stats().balanced()).isTrue();
    }

    @Test
    void receiveQueueLimitDropsOverflowAndClosingDropsWhatIsLeft() throws IOException {
        LoopbackNetwork net = LoopbackNetwork.builder().receiveQueueLimit(5).build();
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        for (int i = 0; i < 8; i++) {
            a.send(DatagramBuffer.allocate().writeInt(i), b.localAddress());
        }
        assertThat(b.stats().drops(DropCause.QUEUE_OVERFLOW)).isEqualTo(3);
        b.close();
        NetworkStats s = net.stats();
        assertThat(s.drops(DropCause.ENDPOINT_CLOSED)).isEqualTo(5);
        assertThat(s.inFlight()).isZero();
        assertThat(s.balanced()).isTrue();
        assertThat(a.send(DatagramBuffer.allocate(), b.localAddress())).isEqualTo(SendStatus.UNREACHABLE);
    }

    @Test
    void pairAndExplicitAddressesWork() throws IOException {
        try (LoopbackNetwork.Pair p = LoopbackNetwork.pair()) {
            p.first().send(DatagramBuffer.allocate().writeByte(9), p.second().localAddress());
            DatagramBuffer in = DatagramBuffer.allocate();
            assertThat(p.second().recv(in)).isEqualTo(p.first().localAddress());
            assertThat(in.getByte(0)).isEqualTo((byte) 9);
        }
        LoopbackNetwork net = LoopbackNetwork.create();
        LoopbackTransport v6 = net.open(new InetSocketAddress("::1", 4433));
        LoopbackTransport v4 = net.open(new InetSocketAddress("127.0.0.2", 53));
        v4.send(DatagramBuffer.allocate().writeByte(1), v6.localAddress());
        try (PacketBatch in = PacketBatch.allocate(2)) {
            assertThat(v6.recvBatch(in)).isEqualTo(1);
            assertThat(in.peerAddress(0)).isEqualTo(new InetSocketAddress("127.0.0.2", 53));
            assertThat(in.peerPort(0)).isEqualTo(53);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.open(new InetSocketAddress("::1", 4433)))
                .isInstanceOf(java.net.BindException.class);
    }

    @Test
    void gsoSegmentSizeSplitsASlotIntoDatagrams() throws IOException {
        LoopbackNetwork.Pair p = LoopbackNetwork.pair();
        try (PacketBatch out = PacketBatch.allocate(1, 4000, 0); PacketBatch in = PacketBatch.allocate(8)) {
            out.add(new byte[3500], p.second().localAddress());
            out.setSegmentSize(0, 1000);
            assertThat(p.first().sendBatch(out)).isEqualTo(4);
            assertThat(p.second().recvBatch(in)).isEqualTo(4);
            assertThat(in.length(3)).isEqualTo(500);
        }
    }
}
