package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.SocketStats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbered datagrams for tests over real links: the sender writes a sequence number at the start
 * of every datagram (every segment of a GSO slot), a receiver thread counts what arrives, and the
 * sender waits for the receiver between batches so no socket buffer can overflow on the way (a
 * lost datagram is then the transport's doing, not the harness's).
 */
final class NumberedTraffic {

    /**
     * How many datagrams may be in flight (sent, not yet received) before the sender waits. A
     * 1,400-byte datagram over an MTU of 1,280 is two packets, and a veth delivers through the
     * per-CPU backlog (net.core.netdev_max_backlog, 1,000 packets by default), which drops silently
     * when full: 256 datagrams keep the packets in flight well under it.
     */
    static final int WINDOW = 256;
    /** How long a test may wait for datagrams, all told; generous, never reached when things work. */
    static final long PATIENCE_NANOS = 20_000_000_000L;

    private NumberedTraffic() {
    }

    /** Options for a receiver that holds a lot: 32 MB forced receive buffer (the lab runs as root). */
    static UdpOptions.Builder bigBuffers(UdpOptions.Builder b) {
        return b.receiveBufferSize(32 << 20).sendBufferSize(8 << 20).forceBufferSizes(true);
    }

    /** Sets slot {@code slot} to one datagram of {@code size} bytes numbered {@code seq}, to {@code to} (null: connected). */
    static void fill(PacketBatch batch, int slot, int seq, int size, InetSocketAddress to) {
        DatagramBuffer b = batch.buffer(slot).reset().setLength(size);
        b.setInt(0, seq);
        batch.setPeerAddress(slot, to);
        batch.setSegmentSize(slot, 0);
        batch.setEcn(slot, 0);
    }

    /** Sets slot {@code slot} to {@code segments} datagrams of {@code segmentSize} bytes sent as one GSO slot, numbered from {@code firstSeq}. */
    static void fillGso(PacketBatch batch, int slot, int firstSeq, int segments, int segmentSize, InetSocketAddress to) {
        DatagramBuffer b = batch.buffer(slot).reset().setLength(segments * segmentSize);
        for (int k = 0; k < segments; k++) {
            b.setInt(k * segmentSize, firstSeq + k);
        }
        batch.setPeerAddress(slot, to);
        batch.setSegmentSize(slot, segmentSize);
        batch.setEcn(slot, 0);
    }

    /**
     * Sends the whole batch: calls {@code sendBatch} again while slots stay pending (a full send
     * buffer), waiting for room in between. Fails the test if the buffer stays full for 10 s.
     */
    static void sendAll(UdpTransport tx, PacketBatch batch) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        tx.sendBatch(batch);
        while (batch.remaining() > 0) {
            assertThat(System.nanoTime()).as("send buffer full for 10 s; " + tx.stats()).isLessThan(deadline);
            tx.awaitWritable(100_000_000L);
            tx.sendBatch(batch);
        }
    }

    /** Waits until the receiver has what {@code tx} reports sent, less the window. */
    static void pace(UdpTransport tx, Receiver rx, long deadline) {
        rx.awaitAtLeast(tx.stats().datagramsSent() - WINDOW, deadline);
    }

    /** A thread that receives numbered datagrams from a transport until closed. */
    static final class Receiver implements AutoCloseable {
        private final UdpTransport rx;
        private final Thread thread;
        private final AtomicLong received = new AtomicLong();
        private final BitSet seen = new BitSet();
        private long duplicates;
        private volatile boolean running = true;
        private volatile Throwable failure;

        Receiver(UdpTransport rx) {
            this.rx = rx;
            this.thread = Thread.ofPlatform().daemon().name("receiver-" + rx.localAddress()).start(this::run);
        }

        private void run() {
            try (PacketBatch in = PacketBatch.allocate(256, 2048, 0)) {
                while (running) {
                    if (!rx.awaitReadable(20_000_000L)) {
                        continue;
                    }
                    int n = rx.recvBatch(in);
                    for (int i = 0; i < n; i++) {
                        int seq = in.buffer(i).length() >= 4 ? in.buffer(i).getInt(0) : -1;
                        if (seq >= 0 && seen.get(seq)) {
                            duplicates++;
                        } else if (seq >= 0) {
                            seen.set(seq);
                        }
                    }
                    received.addAndGet(n);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Datagrams received so far. */
        long received() {
            return received.get();
        }

        /** Waits until at least {@code n} datagrams arrived or the deadline ({@link System#nanoTime()}) passed. */
        boolean awaitAtLeast(long n, long deadline) {
            while (received.get() < n) {
                if (System.nanoTime() > deadline || failure != null) {
                    return false;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        /** Stops the thread; after this, {@link #distinct()} and {@link #duplicates()} are final. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
            if (failure != null) {
                throw new AssertionError("receiver failed", failure);
            }
        }

        /** Distinct sequence numbers seen (call after {@link #close()}). */
        int distinct() {
            return seen.cardinality();
        }

        /** Datagrams whose number had been seen before (call after {@link #close()}). */
        long duplicates() {
            return duplicates;
        }

        /** What the receiving transport counted, for failure messages. */
        SocketStats stats() {
            return rx.stats();
        }
    }
}
