package io.salvo.loop;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The receive loops keep the transports' zero-allocation property: measured on the loop thread over 10^6 datagrams. */
class LoopZeroAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void batchLoopAllocatesLessThanOneBytePerDatagram() throws Exception {
        UdpOptions o = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).receiveBufferSize(8 << 20).build();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpTransport rx = UdpTransport.bind(any, o); UdpTransport tx = UdpTransport.bind(any, o);
             PacketBatch out = PacketBatch.allocate(64, 64, 0)) {
            for (int i = 0; i < 64; i++) {
                out.add(new byte[64], rx.localAddress());
            }
            LoopConfig config = LoopConfig.defaults().withIdle(IdleStrategies.busySpin());
            AtomicLong received = new AtomicLong();
            // Warm-up long enough for the JIT to settle (a deoptimised stretch runs interpreted and allocates).
            long[] window = new long[3]; // allocated bytes at 500k, at the end, datagrams in between
            Thread loop = Thread.ofPlatform().start(() -> ReceiveLoops.recvBatchLoop(rx, config, (batch, n) -> {
                long total = received.addAndGet(n);
                if (window[0] == 0 && total >= 500_000) {
                    window[0] = THREADS.getCurrentThreadAllocatedBytes();
                    window[2] = total;
                }
            }));
            while (received.get() < 1_500_000 && loop.isAlive()) {
                out.setCount(64);
                tx.sendBatch(out);
                if (received.get() + 5000 < 64L * tx.stats().sendCalls() - rx.stats().drops(io.salvo.transport.DropCause.KERNEL_RECEIVE_OVERFLOW)) {
                    Thread.onSpinWait(); // let the loop catch up rather than overflow the socket
                }
            }
            long endBytes = THREADS.getThreadAllocatedBytes(loop.threadId());
            long datagrams = received.get() - window[2];
            config.stop().complete(null);
            loop.join(5000);
            double perDatagram = (double) (endBytes - window[0]) / datagrams;
            System.out.printf("receive loop: %d datagrams, %.4f bytes allocated per datagram%n", datagrams, perDatagram);
            assertThat(datagrams).isGreaterThanOrEqualTo(1_000_000);
            assertThat(perDatagram).isLessThan(1.0);
        }
    }
}
