package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamTransport;
import io.salvo.testing.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a stream transport while one thread reads and another writes, at random moments, over
 * hundreds of cycles: no crash, both calls end with their result or {@link ClosedChannelException},
 * no descriptor left behind, and never another connection's bytes, although the next connection
 * very likely gets the closed one's descriptor numbers.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StreamCloseWhileInUseTest {

    private static final byte FROM_VICTIMS_PEER = 0x11;
    private static final byte TO_FRESH_CONNECTION = 0x22;
    private static final byte FROM_VICTIM = 0x33;
    private static final long SECOND = 1_000_000_000L;

    /** Opens connected pairs: [0] is the transport under test, [1] its peer. */
    @FunctionalInterface
    private interface Pairs {
        StreamTransport[] open() throws IOException;
    }

    @Test
    void closingNativeTcpUnderConcurrentReadAndWriteIsSafeAndLeaksNothing() throws Exception {
        TcpOptions o = TcpOptions.builder().implementation(TcpOptions.Implementation.NATIVE).build();
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), o)) {
            cycles(300, () -> tcpPair(l, o));
        }
    }

    @Test
    void closingUnixStreamUnderConcurrentReadAndWriteIsSafeAndLeaksNothing() throws Exception {
        cycles(300, () -> {
            UnixStreamTransport[] p = UnixStreamTransport.pair();
            return new StreamTransport[] {p[0], p[1]};
        });
    }

    @Test
    void closingTheFallbackUnderConcurrentReadAndWriteIsSafeAndLeaksNothing() throws Exception {
        TcpOptions o = TcpOptions.builder().implementation(TcpOptions.Implementation.NIO).build();
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), o)) {
            cycles(100, () -> tcpPair(l, o));
        }
    }

    private static StreamTransport[] tcpPair(TcpListener l, TcpOptions o) throws IOException {
        TcpTransport client = TcpTransport.connect(l.localAddress(), o, Duration.ofSeconds(10));
        return new StreamTransport[] {client, Streams.acceptOne(l)};
    }

    private static void cycles(int count, Pairs pairs) throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            cycle(pairs, random); // warm-up: threads, classes, the JIT
        }
        long fdsBefore = NativeMemory.openDescriptors();
        for (int i = 0; i < count; i++) {
            cycle(pairs, random);
        }
        assertThat(NativeMemory.openDescriptors()).as("descriptors after %d close-under-load cycles", count)
                .isLessThanOrEqualTo(fdsBefore + 2);
    }

    private static void cycle(Pairs pairs, Random random) throws Exception {
        StreamTransport[] victimPair = pairs.open();
        StreamTransport victim = victimPair[0];
        StreamTransport victimPeer = victimPair[1];
        Thread peerWriter = pump(victimPeer, FROM_VICTIMS_PEER, new AtomicReference<>());
        Thread peerDrain = drain(victimPeer, new AtomicLong(), new AtomicReference<>(), null);

        AtomicLong foreignBytes = new AtomicLong();
        AtomicReference<Throwable> readerEnd = new AtomicReference<>();
        AtomicReference<Throwable> writerEnd = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(2);
        Thread reader = drain(victim, foreignBytes, readerEnd, running);
        Thread writer = pump(victim, FROM_VICTIM, writerEnd, running);
        running.await();
        if (random.nextBoolean()) {
            Thread.sleep(random.nextInt(3));
        } else {
            LockSupport.parkNanos(random.nextInt(500_000));
        }
        victim.close();

        // The next connection very likely reuses the victim's descriptor numbers once its calls have left.
        StreamTransport[] freshPair = pairs.open();
        StreamTransport fresh = freshPair[0];
        StreamTransport freshPeer = freshPair[1];
        try {
            DatagramBuffer marker = DatagramBuffer.allocate(4096, 0);
            for (int i = 0; i < 4096; i++) {
                marker.writeByte(TO_FRESH_CONNECTION);
            }
            while (!marker.isEmpty()) {
                if (freshPeer.write(marker) == 0) {
                    freshPeer.awaitWritable(SECOND);
                }
            }
            reader.join(10_000);
            writer.join(10_000);
            assertThat(reader.isAlive()).as("the reader ended after the close").isFalse();
            assertThat(writer.isAlive()).as("the writer ended after the close").isFalse();
            assertThat(readerEnd.get()).isInstanceOf(ClosedChannelException.class);
            assertThat(writerEnd.get()).isInstanceOf(ClosedChannelException.class);
            assertThat(foreignBytes.get()).as("bytes the victim read that its peer never sent").isZero();

            DatagramBuffer got = DatagramBuffer.allocate(8192, 0);
            long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
            while (got.length() < 4096 && System.nanoTime() < deadline) {
                if (fresh.read(got) == 0) {
                    fresh.awaitReadable(SECOND);
                }
            }
            assertThat(got.length()).as("the fresh connection got all its bytes, none taken by the closed one")
                    .isEqualTo(4096);
            for (int i = 0; i < 4096; i++) {
                assertThat(got.getByte(i)).isEqualTo(TO_FRESH_CONNECTION);
            }
            assertThat(freshPeer.read(DatagramBuffer.allocate(64, 0)))
                    .as("nothing written by the closed connection's writer reached the fresh one").isZero();
        } finally {
            fresh.close();
            freshPeer.close();
            victimPeer.close();
            peerWriter.join(10_000);
            peerDrain.join(10_000);
        }
        assertThat(peerWriter.isAlive() || peerDrain.isAlive()).isFalse();
    }

    /** Writes {@code value} bytes until a call throws; records the throwable. */
    private static Thread pump(StreamTransport t, byte value, AtomicReference<Throwable> end, CountDownLatch... running) {
        return Thread.ofPlatform().daemon().start(() -> {
            DatagramBuffer out = DatagramBuffer.allocate(4096, 0);
            for (CountDownLatch l : running) {
                l.countDown();
            }
            try {
                while (true) {
                    if (out.isEmpty()) {
                        out.reset();
                        for (int i = 0; i < 4096; i++) {
                            out.writeByte(value);
                        }
                    }
                    if (t.write(out) == 0) {
                        t.awaitWritable(SECOND);
                    }
                }
            } catch (Throwable e) {
                end.set(e);
            }
        });
    }

    /** Reads until a call throws or the stream ends, counting bytes other than the victim's peer's. */
    private static Thread drain(StreamTransport t, AtomicLong foreign, AtomicReference<Throwable> end,
                                CountDownLatch running) {
        return Thread.ofPlatform().daemon().start(() -> {
            DatagramBuffer in = DatagramBuffer.allocate(4096, 0);
            if (running != null) {
                running.countDown();
            }
            try {
                while (true) {
                    in.reset();
                    int n = t.read(in);
                    if (n < 0) {
                        end.set(new java.io.EOFException());
                        return;
                    }
                    if (n == 0) {
                        t.awaitReadable(SECOND);
                    }
                    for (int i = 0; i < n; i++) {
                        if (in.getByte(i) != FROM_VICTIMS_PEER && in.getByte(i) != FROM_VICTIM) {
                            foreign.incrementAndGet();
                        }
                    }
                }
            } catch (Throwable e) {
                end.set(e);
            }
        });
    }
}
