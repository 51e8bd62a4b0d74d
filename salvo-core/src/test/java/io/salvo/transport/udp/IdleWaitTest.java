package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver waiting in awaitReadable uses no measurable CPU, and a close wakes it at once. */
class IdleWaitTest {

    @Test
    void idleReceiverBurnsNoCpuAndWakesOnClose() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        UdpTransport t = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build());
        AtomicLong cpuNanos = new AtomicLong(-1);
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread receiver = Thread.ofPlatform().start(() -> {
            long start = threads.getCurrentThreadCpuTime();
            long until = System.nanoTime() + 1_000_000_000L;
            try (PacketBatch in = PacketBatch.allocate(8)) {
                while (System.nanoTime() < until) {
                    if (t.recvBatch(in) == 0) {
                        t.awaitReadable(until - System.nanoTime());
                    }
                }
                cpuNanos.set(threads.getCurrentThreadCpuTime() - start);
                while (true) {
                    t.awaitReadable(60_000_000_000L);
                    t.recvBatch(in);
                }
            } catch (Throwable e) {
                end.set(e);
            }
        });
        while (cpuNanos.get() < 0 && receiver.isAlive()) {
            Thread.sleep(10);
        }
        assertThat(cpuNanos.get()).as("CPU ns over one idle second")
                .isLessThan(100_000_000L); // spinning would burn ~1e9; a wait woken now and then stays far below
        Thread.sleep(50);
        long t0 = System.nanoTime();
        t.close();
        receiver.join(5000);
        assertThat(receiver.isAlive()).isFalse();
        assertThat(System.nanoTime() - t0).as("close wakes the waiting receiver").isLessThan(1_000_000_000L);
        assertThat(end.get()).isInstanceOf(ClosedChannelException.class);
    }
}
