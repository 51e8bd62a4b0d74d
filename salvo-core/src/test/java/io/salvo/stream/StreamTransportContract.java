package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link StreamTransport} promises, written once. Each fixture (a subclass)
 * says how to open a connection: the transport under test (the subject) and its other end (a
 * {@link Peer}: another Salvo transport or a plain JDK socket), and, where it has them, a listener
 * and a client of the kind under test.
 *
 * <p>Nothing here is timed against CPU speed: waits are deadlines measured in seconds, and the
 * only bounds on durations are on connect timeouts, with wide margins.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StreamTransportContract {

    /** The transport under test and its other end. */
    public record Connection(StreamTransport subject, Peer peer) {
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * Opens a connection. With {@code resettablePeer}, {@link Peer#reset()} must reset it: Salvo TCP
     * peers are then made with {@code linger(Duration.ZERO)}.
     */
    protected abstract Connection openConnection(boolean resettablePeer) throws IOException;

    /** A listener of the kind under test, or null when the fixture has none (listener cases are skipped). */
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return null;
    }

    /** Whether {@link #connectClient} makes clients of the kind under test (else connect cases are skipped). */
    protected boolean connectsClients() {
        return false;
    }

    /** Connects a client of the kind under test. */
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** An address of the kind under test where nothing listens. */
    protected SocketAddress addressWithNothingListening() throws IOException {
        throw new UnsupportedOperationException();
    }

    /** A listening address with a backlog of one connection that is never accepted. */
    protected SocketAddress listenerThatNeverAccepts() throws IOException {
        StreamListener<?> l = open(openListener(1));
        assumeTrue(l != null, "no listener to make a black hole with");
        return l.localAddress();
    }

    protected final <T extends AutoCloseable> T open(T resource) {
        if (resource != null) {
            toClose.add(resource);
        }
        return resource;
    }

    protected final Connection connection(boolean resettablePeer) throws IOException {
        Connection c = openConnection(resettablePeer);
        open(c.peer());
        open(c.subject());
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static final long SECOND = 1_000_000_000L;

    /** Reads into {@code buffer} until its payload is {@code length} long; fails on end of stream or deadline. */
    private static void readUntil(StreamTransport t, DatagramBuffer buffer, int length) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (buffer.length() < length) {
            int n = t.read(buffer);
            if (n < 0) {
                fail("end of stream with " + buffer.length() + " of " + length + " bytes");
            }
            if (n == 0) {
                assertThat(System.nanoTime()).as("deadline for %d bytes", length).isLessThan(deadline);
                t.awaitReadable(SECOND);
            }
        }
    }

    /** Writes the whole payload of {@code buffer}, waiting on back pressure. */
    private static void writeFully(StreamTransport t, DatagramBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (!buffer.isEmpty()) {
            if (t.write(buffer) == 0) {
                assertThat(System.nanoTime()).as("deadline for writing").isLessThan(deadline);
                t.awaitWritable(SECOND);
            }
        }
    }

    /** The next read result other than "nothing yet": bytes, -1, or the exception thrown. */
    private static Object nextReadOutcome(StreamTransport t, DatagramBuffer buffer) {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                int n = t.read(buffer);
                if (n != 0) {
                    return n;
                }
                t.awaitReadable(SECOND);
            }
            return "nothing before the deadline";
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * Runs {@code body} on a thread of its own (the common pool may have a single thread on a small
     * machine, and these bodies block on each other).
     */
    protected static <T> CompletableFuture<T> async(java.util.function.Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("contract-helper").start(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(Peer.DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- data

    @Test
    void largeTransfersInBothDirectionsAtOnceArriveIntact() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        Peer peer = c.peer();
        int total = 8 << 20;
        CompletableFuture<Void> subjectWrites = async(() -> {
            try {
                Pattern out = new Pattern(1);
                DatagramBuffer buf = DatagramBuffer.allocate(64 * 1024, 0);
                int chunk = 1;
                while (out.position() < total) {
                    buf.reset();
                    out.fill(buf, (int) Math.min(total - out.position(), chunk));
                    writeFully(s, buf);
                    chunk = chunk * 7 % (64 * 1024) + 1; // sizes from 1 byte to 64 KiB
                }
                s.shutdownOutput();
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CompletableFuture<Long> peerReads = async(() -> {
            try {
                Pattern in = new Pattern(1);
                byte[] b = new byte[50_000];
                int n;
                while ((n = peer.read(b, 0, b.length)) > 0) {
                    in.check(b, 0, n);
                }
                return in.position();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CompletableFuture<Void> peerWrites = async(() -> {
            try {
                Pattern out = new Pattern(2);
                byte[] b = new byte[30_000];
                while (out.position() < total) {
                    int n = (int) Math.min(b.length, total - out.position());
                    out.fill(b, 0, n);
                    peer.write(b, 0, n);
                }
                peer.shutdownOutput();
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Pattern in = new Pattern(2);
        DatagramBuffer buf = DatagramBuffer.allocate(48 * 1024, 0);
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (true) {
            buf.reset();
            int n = s.read(buf);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                assertThat(System.nanoTime()).as("deadline").isLessThan(deadline);
                s.awaitReadable(SECOND);
            }
            in.check(buf);
        }
        assertThat(in.position()).as("bytes the subject read").isEqualTo(total);
        await(subjectWrites);
        await(peerWrites);
        assertThat(await(peerReads)).as("bytes the peer read").isEqualTo(total);
        StreamStats st = s.stats();
        assertThat(st.bytesRead()).isEqualTo(total);
        assertThat(st.bytesWritten()).isEqualTo(total);
        assertThat(st.endOfStream()).isEqualTo(1);
        assertThat(st.resets() + st.brokenPipes() + st.timeouts()).isZero();
        assertThat(s.read(buf)).as("reads after the end keep returning -1").isEqualTo(-1);
    }

    @Test
    void messageSplitAtEveryByteBoundaryIsReassembledInOneBuffer() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int m = 97;
        byte[] message = Pattern.bytes(3, m);
        DatagramBuffer buf = DatagramBuffer.allocate(m + 11, 5);
        for (int k = 0; k <= m; k++) {
            buf.reset();
            c.peer().write(message, 0, k);
            readUntil(s, buf, k);
            assertThat(buf.length()).as("nothing more than was sent at split %d", k).isEqualTo(k);
            c.peer().write(message, k, m - k);
            readUntil(s, buf, m);
            assertThat(buf.start()).as("reads append after the payload, never move it").isEqualTo(5);
            assertThat(buf.toByteArray()).as("split at %d", k).isEqualTo(message);
        }
        assertThat(s.stats().bytesRead()).isEqualTo((long) m * (m + 1));
    }

    @Test
    void readsNeverPassTheTailroomAndLoseNothing() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int m = 61;
        byte[] message = Pattern.bytes(4, m);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(m + 64);
            for (int room = 1; room <= m; room++) {
                memory.fill((byte) 0x7E);
                // A buffer whose tailroom is exactly `room` bytes, followed by canary bytes it must not touch.
                DatagramBuffer tiny = DatagramBuffer.wrap(memory.asSlice(0, 3 + room), 3);
                c.peer().write(message);
                byte[] got = new byte[m];
                int have = 0;
                long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
                while (have < m) {
                    tiny.reset();
                    int n = s.read(tiny);
                    assertThat(n).as("one read with %d bytes of room", room).isBetween(0, room);
                    if (n == 0) {
                        assertThat(System.nanoTime()).isLessThan(deadline);
                        s.awaitReadable(SECOND);
                        continue;
                    }
                    tiny.readBytes(got, have, n);
                    have += n;
                    for (long i = 3 + room; i < memory.byteSize(); i++) {
                        assertThat(memory.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i)).as("canary").isEqualTo((byte) 0x7E);
                    }
                }
                assertThat(got).as("room %d", room).isEqualTo(message);
            }
        }
        DatagramBuffer full = DatagramBuffer.allocate(4, 0).writeInt(9);
        assertThat(s.read(full)).as("a buffer without tailroom reads nothing").isZero();
        assertThat(full.length()).isEqualTo(4);
    }

    @Test
    void scatterReadFillsEachTailroomInOrderAtEveryBoundary() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int m = 53;
        byte[] message = Pattern.bytes(5, m);
        DatagramBuffer before = DatagramBuffer.allocate(16, 0).writeInt(1);
        DatagramBuffer after = DatagramBuffer.allocate(16, 0).writeInt(2);
        for (int k = 0; k <= m; k++) {
            DatagramBuffer first = DatagramBuffer.allocate(k == 0 ? 1 : k, 2);
            if (k == 0) {
                first.writeByte(0); // no tailroom at all: the whole message must land in the second buffer
            }
            DatagramBuffer second = DatagramBuffer.allocate(m - k + 7, 1);
            DatagramBuffer[] array = {before, first, second, after};
            c.peer().write(message);
            long got = 0;
            long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
            while (got < m) {
                long n = s.read(array, 1, 2);
                assertThat(n).isGreaterThanOrEqualTo(0);
                if (n == 0) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    s.awaitReadable(SECOND);
                }
                got += n;
            }
            assertThat(got).isEqualTo(m);
            byte[] firstPart = java.util.Arrays.copyOfRange(message, 0, k);
            byte[] secondPart = java.util.Arrays.copyOfRange(message, k, m);
            if (k == 0) {
                first.advance(1);
            }
            assertThat(first.toByteArray()).as("first buffer at split %d", k).isEqualTo(firstPart);
            assertThat(second.toByteArray()).as("second buffer at split %d", k).isEqualTo(secondPart);
            assertThat(before.length()).as("buffers outside [offset, offset+count) untouched").isEqualTo(4);
            assertThat(after.length()).isEqualTo(4);
        }
    }

    @Test
    void gatheringWriteSendsEveryPayloadInOrderAndEmptiesEachBuffer() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int m = 41;
        byte[] message = Pattern.bytes(6, m);
        for (int k = 0; k <= m; k++) {
            DatagramBuffer skipped = DatagramBuffer.allocate(8, 0).writeInt(0x0BADBEEF);
            DatagramBuffer a = DatagramBuffer.allocate(64, 4).writeBytes(message, 0, k);
            DatagramBuffer empty = DatagramBuffer.allocate(8, 0);
            DatagramBuffer b = DatagramBuffer.allocate(64, 0).writeBytes(message, k, m - k);
            DatagramBuffer[] array = {skipped, a, empty, b, skipped};
            boolean more = k % 2 == 1;
            long written = 0;
            long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
            while (written < m) {
                long n = more ? s.write(array, 1, 3, false) : s.write(array, 1, 3);
                if (n == 0) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    s.awaitWritable(SECOND);
                }
                written += n;
            }
            assertThat(written).isEqualTo(m);
            assertThat(a.isEmpty()).isTrue();
            assertThat(a.start()).as("window advanced past exactly its payload").isEqualTo(4 + k);
            assertThat(b.isEmpty()).isTrue();
            assertThat(b.start()).isEqualTo(m - k);
            assertThat(skipped.length()).as("buffers outside the range untouched").isEqualTo(4);
            assertThat(c.peer().readExactly(m)).as("split at %d", k).isEqualTo(message);
        }
        assertThat(s.stats().bytesWritten()).isEqualTo((long) m * (m + 1));
    }

    @Test
    void partialGatheringWriteAdvancesEachWindowExactlyPastWhatWasWritten() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int count = 256;
        int size = 64 * 1024;
        long total = (long) count * size;
        DatagramBuffer[] buffers = new DatagramBuffer[count];
        Pattern out = new Pattern(7);
        for (int i = 0; i < count; i++) {
            buffers[i] = DatagramBuffer.allocate(size, 0);
            out.fill(buffers[i], size);
        }
        // The peer does not read yet, so 16 MiB cannot all fit in the socket buffers.
        long first = s.write(buffers, 0, count, true);
        assertThat(first).as("the first write is partial").isPositive().isLessThan(total);
        checkAccounting(buffers, size, first);

        CompletableFuture<Long> peerReads = async(() -> {
            try {
                Pattern in = new Pattern(7);
                byte[] b = new byte[64 * 1024];
                while (in.position() < total) {
                    int n = c.peer().read(b, 0, (int) Math.min(b.length, total - in.position()));
                    if (n < 0) {
                        break;
                    }
                    in.check(b, 0, n);
                }
                return in.position();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long written = first;
        int from = 0;
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (written < total) {
            while (buffers[from].isEmpty()) {
                from++;
            }
            long n = s.write(buffers, from, count - from, false);
            if (n == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                s.awaitWritable(SECOND);
            }
            written += n;
            checkAccounting(buffers, size, written);
        }
        assertThat(await(peerReads)).isEqualTo(total);
        assertThat(s.stats().bytesWritten()).isEqualTo(total);
    }

    /** Buffers wholly written are empty, the one written partly advanced by exactly its part, the rest untouched. */
    private static void checkAccounting(DatagramBuffer[] buffers, int size, long written) {
        for (int i = 0; i < buffers.length; i++) {
            long expectedStart = Math.clamp(written - (long) i * size, 0, size);
            assertThat(buffers[i].start()).as("buffer %d after %d bytes written", i, written).isEqualTo((int) expectedStart);
            assertThat(buffers[i].end()).isEqualTo(size);
        }
    }

    @Test
    void writesLargerThanTheSocketBufferFinishWithBackPressureAndNoBusyLoop() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        int total = 16 << 20;
        DatagramBuffer big = DatagramBuffer.allocate(total, 0);
        new Pattern(8).fill(big, total);
        long calls = 0;
        long emptyWrites = 0;
        // The peer is not reading yet: write until the socket buffers are full.
        while (s.write(big) > 0) {
            calls++;
        }
        calls++;
        emptyWrites++;
        assertThat(big.length()).as("16 MiB do not fit in the socket buffers").isPositive();
        assertThat(s.stats().writesFull()).as("the write that found the buffer full is counted").isEqualTo(1);

        CompletableFuture<Long> peerReads = async(() -> {
            try {
                Pattern in = new Pattern(8);
                byte[] b = new byte[64 * 1024];
                while (in.position() < total) {
                    int n = c.peer().read(b, 0, b.length);
                    if (n < 0) {
                        break;
                    }
                    in.check(b, 0, n);
                }
                return in.position();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long emptyWritesAfterWakeUp = 0;
        boolean wokeUp = s.awaitWritable(Peer.DEADLINE.toNanos());
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (!big.isEmpty()) {
            int n = s.write(big);
            calls++;
            if (n > 0) {
                wokeUp = false;
                continue;
            }
            emptyWrites++;
            if (wokeUp) {
                emptyWritesAfterWakeUp++;
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
            wokeUp = s.awaitWritable(SECOND);
        }
        assertThat(await(peerReads)).isEqualTo(total);
        StreamStats st = s.stats();
        assertThat(st.bytesWritten()).isEqualTo(total);
        assertThat(st.writeCalls()).as("every write call counted").isEqualTo(calls);
        assertThat(st.writesFull()).as("every write that took nothing counted as full").isEqualTo(emptyWrites);
        assertThat(emptyWritesAfterWakeUp).as("a wake-up for room is followed by a write that takes bytes").isZero();
        // Without spinning, a write that takes nothing only follows one that took bytes, and those take
        // kilobytes at a time: the call count is bounded by the data, not by how fast the CPU loops.
        assertThat(emptyWrites).isLessThanOrEqualTo(calls - emptyWrites + 1);
        assertThat(calls).as("write calls for 16 MiB (%s)", st).isLessThanOrEqualTo(2L * total / 1024 + 2);
    }

    // ---------------------------------------------------------------- end of stream, resets

    @Test
    void halfCloseDeliversEndOfStreamWhileTheOtherDirectionGoesOn() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        s.write(DatagramBuffer.allocate(16, 0).writeBytes("request".getBytes()));
        s.shutdownOutput();
        s.shutdownOutput(); // idempotent
        assertThat(c.peer().readExactly(7)).isEqualTo("request".getBytes());
        assertThat(c.peer().read(new byte[8], 0, 8)).as("the peer sees end of stream").isEqualTo(-1);

        c.peer().write("reply".getBytes());
        DatagramBuffer in = DatagramBuffer.allocate(64, 0);
        readUntil(s, in, 5);
        assertThat(in.toByteArray()).isEqualTo("reply".getBytes());

        c.peer().shutdownOutput();
        in.reset();
        assertThat(nextReadOutcome(s, in)).isEqualTo(-1);
        for (int i = 0; i < 3; i++) {
            assertThat(s.read(in)).as("reads after the end keep returning -1").isEqualTo(-1);
            assertThat(s.read(new DatagramBuffer[] {in}, 0, 1)).isEqualTo(-1);
        }
        assertThat(s.awaitReadable(SECOND)).as("end of stream is readable").isTrue();
        StreamStats st = s.stats();
        assertThat(st.endOfStream()).isEqualTo(1);
        assertThat(st.bytesRead()).isEqualTo(5);
        assertThat(st.bytesWritten()).isEqualTo(7);
        assertThat(s.isOpen()).isTrue();
    }

    @Test
    void writeAfterOwnShutdownOutputIsABrokenPipe() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        s.shutdownOutput();
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(1);
        assertThatThrownBy(() -> s.write(out)).isExactlyInstanceOf(BrokenPipeException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {out}, 0, 1)).isExactlyInstanceOf(BrokenPipeException.class);
        assertThat(out.length()).as("nothing was taken").isEqualTo(4);
        assertThat(s.stats().brokenPipes()).isEqualTo(2);
        assertThat(s.isOpen()).isTrue();
    }

    @Test
    void peerResetIsAConnectionResetExceptionOnReadAndCounted() throws IOException {
        Connection c = connection(true);
        StreamTransport s = c.subject();
        // Bytes the peer never reads: a Unix socket resets its peer when it closes with them unread.
        s.write(DatagramBuffer.allocate(1024, 0).setLength(1024));
        c.peer().reset();
        Object outcome = nextReadOutcome(s, DatagramBuffer.allocate(64, 0));
        assertThat(outcome).isExactlyInstanceOf(ConnectionResetException.class);
        assertThat(s.stats().resets()).isEqualTo(1);
        // The reset is reported once; the dead connection then refuses writes with one of the two precise types.
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(1);
        Throwable thrown = catchWriteFailure(s, out);
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        assertThat(s.stats().resets() + s.stats().brokenPipes()).isEqualTo(2);
    }

    @Test
    void peerResetIsAPreciseExceptionOnWrite() throws IOException {
        Connection c = connection(true);
        StreamTransport s = c.subject();
        s.write(DatagramBuffer.allocate(1024, 0).setLength(1024));
        c.peer().reset();
        Throwable thrown = catchWriteFailure(s, DatagramBuffer.allocate(1024, 0));
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        StreamStats st = s.stats();
        assertThat(st.resets() + st.brokenPipes()).isEqualTo(1);
    }

    @Test
    void writeAfterThePeerClosedIsABrokenPipeOrAReset() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        c.peer().close();
        assertThat(nextReadOutcome(s, DatagramBuffer.allocate(64, 0))).as("the peer's close is end of stream").isEqualTo(-1);
        Throwable thrown = catchWriteFailure(s, DatagramBuffer.allocate(1024, 0));
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        StreamStats st = s.stats();
        assertThat(st.resets() + st.brokenPipes()).isEqualTo(1);
        assertThat(s.isOpen()).isTrue();
    }

    /** Writes until a write throws (the first writes after a close may still be taken by the kernel). */
    private static Throwable catchWriteFailure(StreamTransport s, DatagramBuffer out) {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                out.reset();
                out.setLength(out.capacity());
                if (s.write(out) == 0) {
                    s.awaitWritable(SECOND);
                } else {
                    Thread.sleep(10); // give the peer's kernel time to answer with a reset
                }
            }
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
        return fail("writes kept succeeding after the peer went away");
    }

    // ---------------------------------------------------------------- closing

    @Test
    void closedTransportThrowsClosedChannelExceptionOnEveryCallAndCloseTwiceIsFine() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        SocketAddress local = s.localAddress();
        SocketAddress remote = s.remoteAddress();
        s.close();
        s.close();
        assertThat(s.isOpen()).isFalse();
        DatagramBuffer data = DatagramBuffer.allocate(64, 0).writeInt(1);
        DatagramBuffer room = DatagramBuffer.allocate(64, 0);
        DatagramBuffer noRoom = DatagramBuffer.allocate(4, 0).writeInt(1);
        DatagramBuffer empty = DatagramBuffer.allocate(4, 0);
        assertThatThrownBy(() -> s.read(room)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.read(noRoom)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.read(new DatagramBuffer[] {room}, 0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(data)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(empty)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {data}, 0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {data}, 0, 1, true)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(s::shutdownOutput).isInstanceOf(ClosedChannelException.class);
        if (s instanceof TcpTransport t) {
            assertThatThrownBy(() -> t.setNoDelay(true)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> t.setCork(true)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(t::quickAck).isInstanceOf(ClosedChannelException.class);
        }
        assertThat(data.length()).isEqualTo(4);
        assertThat(room.length()).isZero();
        assertThat(s.awaitReadable(30 * SECOND)).as("closed transports do not make callers wait").isTrue();
        assertThat(s.awaitWritable(30 * SECOND)).isTrue();
        assertThat(s.stats()).isNotNull();
        assertThat(s.localAddress()).isEqualTo(local);
        assertThat(s.remoteAddress()).isEqualTo(remote);
        assertThat(s.capabilities()).isNotNull();
    }

    @Test
    void closeWakesAThreadBlockedInAwaitReadable() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        CompletableFuture<Object> waiter = async(() -> {
            try {
                boolean ready = s.awaitReadable(60 * SECOND);
                return ready ? s.read(DatagramBuffer.allocate(16, 0)) : "timed out";
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100); // very likely inside poll by now; if not, the await sees the close at once
        s.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
    }

    // ---------------------------------------------------------------- listeners

    @Test
    void acceptReturnsNullWhenNothingWaitsAndCountsWhatItAccepts() throws IOException {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null, "this fixture has no listener of its own");
        assertThat(l.accept()).isNull();
        assertThat(l.awaitAcceptable(20_000_000L)).as("nothing is waiting").isFalse();
        assertThat(l.accepted()).isZero();
        assertThat(l.isOpen()).isTrue();
    }

    @Test
    void closingAListenerWakesAThreadBlockedInAwaitAcceptable() throws Exception {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null, "this fixture has no listener of its own");
        AtomicReference<Thread> waiting = new AtomicReference<>();
        CompletableFuture<Object> waiter = async(() -> {
            waiting.set(Thread.currentThread());
            try {
                boolean ready = l.awaitAcceptable(60 * SECOND);
                return ready ? l.accept() : "timed out";
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        l.close();
        l.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
        assertThat(l.isOpen()).isFalse();
        assertThatThrownBy(l::accept).isInstanceOf(ClosedChannelException.class);
        assertThat(l.awaitAcceptable(30 * SECOND)).isTrue();
    }

    @Test
    void acceptedConnectionsOutliveTheirListener() throws IOException {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null && connectsClients(), "needs a listener and a client of the kind under test");
        StreamTransport client = open(connectClient(l.localAddress(), Duration.ofSeconds(10)));
        assertThat(l.awaitAcceptable(30 * SECOND)).isTrue();
        StreamTransport server = open(l.accept());
        assertThat(server).isNotNull();
        assertThat(l.accepted()).isEqualTo(1);
        assertThat(l.accept()).isNull();
        l.close();
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(42);
        writeFully(client, out);
        DatagramBuffer in = DatagramBuffer.allocate(16, 0);
        readUntil(server, in, 4);
        assertThat(in.getInt(0)).isEqualTo(42);
    }

    // ---------------------------------------------------------------- connecting

    @Test
    void connectToNothingIsAConnectException() throws IOException {
        assumeTrue(connectsClients(), "this fixture has no client of its own");
        SocketAddress nothing = addressWithNothingListening();
        assertThatThrownBy(() -> open(connectClient(nothing, Duration.ofSeconds(10))))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void connectToAListenerWithAFullBacklogTimesOutWithinItsTimeout() throws IOException {
        assumeTrue(connectsClients(), "this fixture has no client of its own");
        SocketAddress blackHole = listenerThatNeverAccepts();
        // Fill the backlog: once it is full, the kernel drops further SYNs (TCP) or refuses to queue (Unix).
        boolean full = false;
        for (int i = 0; i < 64 && !full; i++) {
            try {
                open(connectClient(blackHole, Duration.ofSeconds(1)));
            } catch (SocketTimeoutException e) {
                full = true;
            }
        }
        assertThat(full).as("the backlog filled up").isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> open(connectClient(blackHole, Duration.ofMillis(500))))
                .isExactlyInstanceOf(SocketTimeoutException.class);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMillis).as("the connect waited for its timeout, and not much longer").isBetween(450L, 10_000L);
    }
}
