package io.salvo.transport.loopback;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the impairments, every datagram sent is received or counted as dropped with its cause. */
class LoopbackAccountingProperties {

    @Property(tries = 60)
    void everyDatagramIsReceivedOrCountedAsDropped(
            @ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 0.5) double loss,
            @ForAll @DoubleRange(min = 0, max = 0.3) double duplication,
            @ForAll @DoubleRange(min = 0, max = 0.3) double reorder,
            @ForAll @IntRange(min = 0, max = 1500) int mtu,
            @ForAll boolean truncateOversize,
            @ForAll @IntRange(min = 0, max = 20) int queueLimit,
            @ForAll @IntRange(min = 1, max = 64) int receiveQueueLimit,
            @ForAll @IntRange(min = 1, max = 300) int datagrams) throws IOException {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().seed(seed).clock(clock).receiveQueueLimit(receiveQueueLimit).build();
        LinkConditions link = LinkConditions.PERFECT.withLoss(loss).withDuplication(duplication).withReordering(reorder, 2)
                .withBurstLoss(0.01, 0.5, 0.8)
                .withDelay(Duration.ofMillis(1), Duration.ofMillis(2))
                .withMtu(mtu, truncateOversize ? LinkConditions.OversizeAction.TRUNCATE : LinkConditions.OversizeAction.DROP)
                .withBandwidth(queueLimit == 0 ? 0 : 10_000_000, queueLimit, LinkConditions.QueueFullAction.DROP);
        net.setDefaultLink(link);
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        long received = 0;
        try (PacketBatch in = PacketBatch.allocate(16, 1472, 0)) {
            DatagramBuffer out = DatagramBuffer.allocate(1472, 0);
            for (int i = 0; i < datagrams; i++) {
                out.reset().writeBytes(new byte[(i * 37) % 1400]);
                a.send(out, b.localAddress());
                assertThat(net.stats().balanced()).isTrue();
                if (i % 7 == 0) {
                    clock.advanceNanos(300_000);
                    received += b.recvBatch(in);
                }
            }
            clock.advance(Duration.ofSeconds(5));
            int n;
            while ((n = b.recvBatch(in)) > 0) {
                received += n;
            }
        }
        NetworkStats s = net.stats();
        assertThat(s.inFlight()).isZero();
        assertThat(s.received()).isEqualTo(received);
        assertThat(s.sent()).isEqualTo(datagrams);
        assertThat(s.balanced()).as(s.toString()).isTrue();
    }
}
