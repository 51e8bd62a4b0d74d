package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import io.salvo.transport.unix.UnixDatagramTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One poller thread over many transports: fairness, changes while running, closing, idling. */
class PollerTest {

    private static UdpTransport udp() throws IOException {
        return UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).receiveBufferSize(4 << 20).build());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void aFloodedTransportDoesNotStarveAQuietOne() throws Exception {
        try (UdpTransport flooded = udp(); UdpTransport quiet = udp(); UdpTransport sender = udp();
             Poller poller = Poller.start("poller-fairness", LoopConfig.defaults().withMaxReady(4))) {
            AtomicInteger floodCount = new AtomicInteger();
            List<Long> quietDelays = new CopyOnWriteArrayList<>();
            poller.register(flooded, (batch, n) -> floodCount.addAndGet(n));
            poller.register(quiet, (batch, n) -> {
                for (int i = 0; i < n; i++) {
                    quietDelays.add(System.nanoTime() - batch.buffer(i).getLong(0));
                }
            });
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flooder = Thread.ofPlatform().start(() -> {
                try (UdpTransport s = udp(); PacketBatch out = PacketBatch.allocate(64, 64, 0)) {
                    for (int i = 0; i < 64; i++) {
                        out.add(new byte[32], flooded.localAddress());
                    }
                    while (flooding.get()) {
                        out.setCount(64);
                        s.sendBatch(out);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await(() -> floodCount.get() > 10_000);
            for (int i = 0; i < 20; i++) {
                sender.send(DatagramBuffer.allocate().writeLong(System.nanoTime()), quiet.localAddress());
                Thread.sleep(5);
            }
            await(() -> quietDelays.size() == 20);
            flooding.set(false);
            flooder.join();
            assertThat(quietDelays).hasSize(20);
            List<Long> sorted = new ArrayList<>(quietDelays);
            sorted.sort(null);
            // Starved, the quiet transport would wait until the flood ends (seconds); served in turn, it
            // waits a round. 200 ms leaves room for a loaded 2-core machine with a spinning flooder.
            assertThat(sorted.get(10)).as("median delay of the quiet transport's datagrams, ns").isLessThan(200_000_000L);
            assertThat(floodCount.get()).isGreaterThan(10_000);
        }
    }

    @Test
    void transportsComeAndGoWhileItRunsAndClosingOneUnregistersIt() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        try (Poller poller = Poller.start("poller-changes", LoopConfig.defaults())) {
            UdpTransport a = udp();
            DatagramTransport b = net.open();
            UnixDatagramTransport[] unix = UnixDatagramTransport.pair();
            ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            for (String k : List.of("udp", "loopback", "unix")) {
                counts.put(k, new AtomicInteger());
            }
            poller.register(a, (batch, n) -> counts.get("udp").addAndGet(n));
            poller.register(b, (batch, n) -> counts.get("loopback").addAndGet(n));
            poller.register(unix[1], (batch, n) -> counts.get("unix").addAndGet(n));
            await(() -> poller.registered() == 3);
            assertThat(poller.registered()).isEqualTo(3);

            try (UdpTransport s = udp()) {
                s.send(DatagramBuffer.allocate().writeInt(1), a.localAddress());
            }
            net.open().send(DatagramBuffer.allocate().writeInt(1), b.localAddress());
            unix[0].send(DatagramBuffer.allocate().writeInt(1));
            await(() -> counts.values().stream().allMatch(c -> c.get() == 1));
            assertThat(counts.values()).allMatch(c -> c.get() == 1);

            poller.unregister(b);
            await(() -> poller.registered() == 2);
            assertThat(poller.registered()).isEqualTo(2);
            a.close();
            await(() -> poller.registered() == 1);
            assertThat(poller.registered()).as("a closed transport drops out by itself").isEqualTo(1);

            unix[0].send(DatagramBuffer.allocate().writeInt(2));
            await(() -> counts.get("unix").get() == 2);
            assertThat(counts.get("unix").get()).isEqualTo(2);
            unix[0].close();
            unix[1].close();
        }
    }

    /**
     * 32 GSO messages of 64 segments wait in a GRO socket before the poller starts: its first
     * receive reads every super-buffer from the kernel, more than maxReady (16) batches of 64
     * deliver in one turn, and the kernel then reports nothing. What the transport holds must still
     * reach the handler, without another datagram arriving to wake the poller.
     */
    @Test
    void datagramsATransportHoldsAreDeliveredWithoutWaitingForMore() throws Exception {
        UdpOptions groOptions = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gro(true)
                .receiveBufferSize(4 << 20).build();
        try (UdpTransport rx = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), groOptions);
             UdpTransport tx = udp(); PacketBatch out = PacketBatch.allocate(32, 64 * 1000, 0)) {
            assumeTrue(tx.capabilities().gso() && rx.capabilities().gro(), "kernel without UDP GSO/GRO");
            for (int m = 0; m < 32; m++) {
                out.add(new byte[64 * 1000], rx.localAddress());
                out.setSegmentSize(m, 1000);
            }
            assertThat(Senders.sendAll(tx, out, Duration.ofSeconds(5))).isEqualTo(2048);
            AtomicInteger received = new AtomicInteger();
            try (Poller poller = Poller.start("poller-held", LoopConfig.defaults())) {
                poller.register(rx, (batch, n) -> received.addAndGet(n));
                await(() -> received.get() == 2048);
                assertThat(received.get()).as("datagrams handed to the handler").isEqualTo(2048);
                assertThat(rx.holdsReceivedDatagrams()).isFalse();
            }
            assertThat(rx.stats().totalDrops()).isZero();
        }
    }

    /**
     * Plain transports share the poller's batch; a GRO transport keeps its own, because what it
     * holds waits in the batch that received it. Here two GRO sockets each hold part of 32
     * super-buffers and take turns (one receive each per round): if they shared a batch, each one's
     * receive would drop what the other holds (counted as undelivered).
     */
    @Test
    void groTransportsKeepTheirHeldDatagramsInBatchesOfTheirOwn() throws Exception {
        UdpOptions groOptions = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gro(true)
                .receiveBufferSize(4 << 20).build();
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpTransport rx1 = UdpTransport.bind(local, groOptions); UdpTransport rx2 = UdpTransport.bind(local, groOptions);
             UdpTransport tx = udp(); PacketBatch out = PacketBatch.allocate(32, 64 * 1000, 0)) {
            assumeTrue(tx.capabilities().gso() && rx1.capabilities().gro(), "kernel without UDP GSO/GRO");
            AtomicInteger received1 = new AtomicInteger();
            AtomicInteger received2 = new AtomicInteger();
            try (Poller poller = Poller.start("poller-gro-batches", LoopConfig.defaults().withMaxReady(1))) {
                poller.register(rx1, (batch, n) -> received1.addAndGet(n));
                poller.register(rx2, (batch, n) -> received2.addAndGet(n));
                await(() -> poller.registered() == 2);
                for (UdpTransport rx : List.of(rx1, rx2)) {
                    out.clear();
                    for (int m = 0; m < 32; m++) {
                        out.add(new byte[64 * 1000], rx.localAddress());
                        out.setSegmentSize(m, 1000);
                    }
                    assertThat(Senders.sendAll(tx, out, Duration.ofSeconds(5))).isEqualTo(2048);
                }
                await(() -> received1.get() == 2048 && received2.get() == 2048);
                assertThat(received1.get()).as("first GRO socket's datagrams handed to its handler").isEqualTo(2048);
                assertThat(received2.get()).as("second GRO socket's datagrams handed to its handler").isEqualTo(2048);
            }
            assertThat(rx1.stats().totalDrops() + rx2.stats().totalDrops()).as("nothing held was lost").isZero();
        }
    }

    @Test
    void anIdlePollerUsesNoMeasurableCpuAndStopsOnClose() throws Exception {
        Poller poller = Poller.start("poller-idle", LoopConfig.defaults());
        List<UdpTransport> transports = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UdpTransport t = udp();
            transports.add(t);
            poller.register(t, (batch, n) -> { });
        }
        await(() -> poller.registered() == 10);
        Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("poller-idle"))
                .findFirst().orElseThrow();
        var threads = ManagementFactory.getThreadMXBean();
        long before = threads.getThreadCpuTime(thread.threadId());
        Thread.sleep(1000);
        long used = threads.getThreadCpuTime(thread.threadId()) - before;
        assertThat(used).as("CPU ns over one idle second")
                .isLessThan(100_000_000L); // spinning would burn ~1e9; a wait woken now and then stays far below
        long t0 = System.nanoTime();
        poller.close();
        assertThat(System.nanoTime() - t0).as("close wakes it at once").isLessThan(1_000_000_000L);
        assertThat(poller.stopped().isDone()).isTrue();
        for (UdpTransport t : transports) {
            assertThat(t.isOpen()).as("the poller does not own the transports").isTrue();
            t.close();
        }
    }

    @Test
    void aThrowingHandlerStopsThePollerByDefault() throws Exception {
        try (UdpTransport t = udp(); UdpTransport s = udp();
             Poller poller = Poller.start("poller-error", LoopConfig.defaults())) {
            poller.register(t, (batch, n) -> {
                throw new IllegalStateException("handler failed");
            });
            await(() -> poller.registered() == 1);
            s.send(DatagramBuffer.allocate().writeInt(1), t.localAddress());
            await(() -> poller.stopped().isDone());
            assertThat(poller.stopped().isCompletedExceptionally()).isTrue();
        }
    }
}
