package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream contract, part one: the bytes (integrity, splits, scatter/gather accounting, back pressure). */
public abstract class StreamDataContract extends StreamContractBase {

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
}
