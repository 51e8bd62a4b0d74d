package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.loopback.LinkConditions;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.loopback.LoopbackTransport;
import io.salvo.transport.loopback.ManualClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loopback transports on a {@link Poller}: they signal arrivals, so a poller serving only them
 * sleeps until something comes, and datagrams the network delays (on its own clock) or holds back
 * to reorder still arrive.
 */
class PollerLoopbackTest {

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static long cpuNanos(String threadName) {
        Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
                .findFirst().orElseThrow();
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId());
    }

    private static DatagramBuffer datagram(int value) {
        return DatagramBuffer.allocate().writeInt(value);
    }

    @Test
    void aPollerWithOnlyLoopbackRegistrationsSleepsUntilADatagramComes() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        LoopbackTransport sender = net.open();
        List<LoopbackTransport> endpoints = new ArrayList<>();
        AtomicInteger received = new AtomicInteger();
        try (Poller poller = Poller.start("poller-loopback-idle", LoopConfig.defaults())) {
            for (int i = 0; i < 200; i++) {
                LoopbackTransport t = net.open();
                endpoints.add(t);
                poller.register(t, (batch, n) -> received.addAndGet(n));
            }
            await(() -> poller.registered() == 200);
            Thread.sleep(100);
            long before = cpuNanos("poller-loopback-idle");
            Thread.sleep(1000);
            long used = cpuNanos("poller-loopback-idle") - before;
            // Serviced every round with a 1 ms cap, 200 loopback endpoints cost far more than this.
            assertThat(used).as("CPU ns over one idle second with 200 loopback registrations").isLessThan(20_000_000L);

            for (LoopbackTransport t : endpoints) {
                sender.send(datagram(1), t.localAddress());
            }
            await(() -> received.get() == 200);
            assertThat(received.get()).as("one datagram to each endpoint, all handled").isEqualTo(200);
        }
        assertThat(net.stats().balanced()).isTrue();
    }

    @Test
    void datagramsTheNetworkDelaysArriveWhenTheirTimeComes() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.builder()
                .defaultLink(LinkConditions.PERFECT.withDelay(Duration.ofMillis(50), Duration.ZERO)).build();
        LoopbackTransport sender = net.open();
        LoopbackTransport receiver = net.open();
        List<Long> delays = new ArrayList<>();
        try (Poller poller = Poller.start("poller-loopback-delay", LoopConfig.defaults())) {
            poller.register(receiver, (batch, n) -> {
                for (int i = 0; i < n; i++) {
                    synchronized (delays) {
                        delays.add(System.nanoTime() - batch.buffer(i).getLong(0));
                    }
                }
            });
            await(() -> poller.registered() == 1);
            for (int i = 0; i < 5; i++) {
                sender.send(DatagramBuffer.allocate().writeLong(System.nanoTime()), receiver.localAddress());
            }
            await(() -> {
                synchronized (delays) {
                    return delays.size() == 5;
                }
            });
            synchronized (delays) {
                assertThat(delays).hasSize(5).allMatch(d -> d >= 50_000_000L, "no earlier than the link's delay");
            }
            // Once nothing is in flight the poller sleeps again.
            Thread.sleep(50);
            long before = cpuNanos("poller-loopback-delay");
            Thread.sleep(500);
            assertThat(cpuNanos("poller-loopback-delay") - before).as("CPU ns over half an idle second")
                    .isLessThan(10_000_000L);
        }
    }

    @Test
    void datagramsDelayedOnAManualClockArriveOnceItIsAdvanced() throws Exception {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().clock(clock)
                .defaultLink(LinkConditions.PERFECT.withDelay(Duration.ofMillis(10), Duration.ZERO)).build();
        LoopbackTransport sender = net.open();
        LoopbackTransport receiver = net.open();
        AtomicInteger received = new AtomicInteger();
        try (Poller poller = Poller.start("poller-loopback-manual", LoopConfig.defaults())) {
            poller.register(receiver, (batch, n) -> received.addAndGet(n));
            await(() -> poller.registered() == 1);
            sender.send(datagram(7), receiver.localAddress());
            Thread.sleep(50);
            assertThat(received.get()).as("not deliverable before the clock moves").isZero();
            clock.advance(Duration.ofMillis(10));
            await(() -> received.get() == 1);
            assertThat(received.get()).isEqualTo(1);
        }
    }

    @Test
    void datagramsHeldBackForReorderingStillArrive() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.builder().seed(3)
                .defaultLink(LinkConditions.PERFECT.withReordering(0.5, 3)).build();
        LoopbackTransport sender = net.open();
        LoopbackTransport receiver = net.open();
        List<Integer> order = new ArrayList<>();
        try (Poller poller = Poller.start("poller-loopback-reorder", LoopConfig.defaults())) {
            poller.register(receiver, (batch, n) -> {
                synchronized (order) {
                    for (int i = 0; i < n; i++) {
                        order.add(batch.buffer(i).getInt(0));
                    }
                }
            });
            await(() -> poller.registered() == 1);
            for (int i = 0; i < 20; i++) {
                sender.send(datagram(i), receiver.localAddress());
            }
            await(() -> {
                synchronized (order) {
                    return order.size() == 20;
                }
            });
            synchronized (order) {
                assertThat(order).as("every datagram, the held-back ones too").containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 20).boxed().toList());
            }
        }
        assertThat(net.stats().balanced()).isTrue();
    }

    @Test
    void aLoopbackTransportThatClosesDropsOutByItself() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        LoopbackTransport a = net.open();
        LoopbackTransport b = net.open();
        try (Poller poller = Poller.start("poller-loopback-close", LoopConfig.defaults())) {
            poller.register(a, (batch, n) -> { });
            poller.register(b, (batch, n) -> { });
            await(() -> poller.registered() == 2);
            a.close();
            await(() -> poller.registered() == 1);
            assertThat(poller.registered()).as("the closed endpoint signalled; the poller dropped it").isEqualTo(1);
            b.close();
            await(() -> poller.registered() == 0);
            assertThat(poller.registered()).isZero();
        }
    }
}
