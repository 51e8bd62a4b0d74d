package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.unix.UnixDatagramTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a transport while other threads are inside its calls: no crash, no use of freed memory,
 * no data from a socket that reused the descriptor number, a prompt ClosedChannelException, and no
 * descriptor or memory left behind.
 */
class CloseWhileInUseTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final UdpOptions NATIVE = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build();
    private static final int MARKER_OF_NEW_SOCKET = 0x5A5A5A5A;

    private static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void closingUnderConcurrentSendAndReceiveIsSafeAndLeaksNothing() throws Exception {
        long fdsBefore = openDescriptors();
        for (int cycle = 0; cycle < 300; cycle++) {
            runCycle(cycle);
        }
        System.gc();
        assertThat(openDescriptors()).as("descriptors after 300 open/close cycles").isLessThanOrEqualTo(fdsBefore + 2);
    }

    private void runCycle(int cycle) throws Exception {
        UdpTransport victim = UdpTransport.bind(LOOPBACK, NATIVE);
        UdpTransport peer = UdpTransport.bind(LOOPBACK, NATIVE);
        InetSocketAddress victimAddress = victim.localAddress();
        AtomicReference<Throwable> receiverEnd = new AtomicReference<>();
        AtomicReference<Throwable> senderEnd = new AtomicReference<>();
        AtomicLong foreignData = new AtomicLong();
        CountDownLatch running = new CountDownLatch(2);
        Thread receiver = Thread.ofPlatform().start(() -> {
            try (PacketBatch in = PacketBatch.allocate(16, 64, 0)) {
                running.countDown();
                while (true) {
                    int n = victim.recvBatch(in);
                    for (int i = 0; i < n; i++) {
                        if (in.buffer(i).length() >= 4 && in.buffer(i).getInt(0) == MARKER_OF_NEW_SOCKET) {
                            foreignData.incrementAndGet();
                        }
                    }
                }
            } catch (Throwable t) {
                receiverEnd.set(t);
            }
        });
        Thread sender = Thread.ofPlatform().start(() -> {
            try (PacketBatch out = PacketBatch.allocate(16, 64, 0)) {
                for (int i = 0; i < 16; i++) {
                    out.add(new byte[8], peer.localAddress());
                }
                running.countDown();
                while (true) {
                    out.setCount(16);
                    victim.sendBatch(out);
                }
            } catch (Throwable t) {
                senderEnd.set(t);
            }
        });
        running.await();
        Thread.sleep(cycle % 3);
        victim.close();
        long closedAt = System.nanoTime();
        // A new socket very likely gets the old descriptor number; its data must never reach the old user.
        UdpTransport reuse = UdpTransport.bind(LOOPBACK, NATIVE);
        try (PacketBatch out = PacketBatch.allocate(4, 64, 0)) {
            for (int i = 0; i < 4; i++) {
                out.add(new byte[4], reuse.localAddress());
                out.buffer(i).setInt(0, MARKER_OF_NEW_SOCKET);
            }
            peer.sendBatch(out);
        }
        receiver.join(TimeUnit.SECONDS.toMillis(5));
        sender.join(TimeUnit.SECONDS.toMillis(5));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        assertThat(receiver.isAlive()).isFalse();
        assertThat(sender.isAlive()).isFalse();
        assertThat(tookMillis).as("threads noticed the close promptly").isLessThan(2000);
        assertThat(receiverEnd.get()).isInstanceOf(ClosedChannelException.class);
        assertThat(senderEnd.get()).isInstanceOf(ClosedChannelException.class);
        assertThat(foreignData.get()).isZero();
        assertThat(victimAddress).isNotNull();
        reuse.close();
        peer.close();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void nativeMemoryOfClosedTransportsIsFreed() throws Exception {
        // Each socket below allocates about 400 KiB of message vectors for a 1024-slot receive; a
        // leak over 1000 sockets would add some 400 MiB of resident memory.
        try (PacketBatch big = PacketBatch.allocate(1024, 64, 0)) {
            for (int i = 0; i < 50; i++) {
                try (UdpTransport t = UdpTransport.bind(LOOPBACK, NATIVE)) {
                    t.recvBatch(big);
                }
            }
            long before = residentBytes();
            long fdsBefore = openDescriptors();
            for (int i = 0; i < 1000; i++) {
                try (UdpTransport t = UdpTransport.bind(LOOPBACK, NATIVE)) {
                    assertThat(t.recvBatch(big)).isZero();
                }
            }
            long grown = residentBytes() - before;
            assertThat(grown).as("resident memory growth over 1000 sockets, bytes").isLessThan(150L << 20);
            assertThat(openDescriptors()).isLessThanOrEqualTo(fdsBefore + 2);
        }
    }

    @Test
    void unixSocketsCloseSafelyToo() throws Exception {
        long fdsBefore = openDescriptors();
        for (int cycle = 0; cycle < 100; cycle++) {
            UnixDatagramTransport[] pair = UnixDatagramTransport.pair();
            AtomicReference<Throwable> end = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try (PacketBatch in = PacketBatch.allocate(8, 64, 0)) {
                    while (true) {
                        pair[0].recvBatch(in);
                    }
                } catch (Throwable e) {
                    end.set(e);
                }
            });
            pair[0].close();
            t.join(5000);
            assertThat(end.get()).isInstanceOf(ClosedChannelException.class);
            pair[1].close();
        }
        assertThat(openDescriptors()).isLessThanOrEqualTo(fdsBefore + 2);
    }
}
