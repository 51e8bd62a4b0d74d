package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;
import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;

/**
 * The client side of a ping-pong over a stream, against any echo server that returns
 * {@link Length32} frames whole: one frame out, wait for it to come back, check every byte,
 * record the round trip, repeat. A probe's payload is {@link StreamWire#PING}, its sequence
 * number, then filler. Allocation-free per round trip.
 */
public final class StreamPing {

    private StreamPing() {
    }

    /** A histogram for round-trip times in nanoseconds, up to an hour, three significant digits. */
    public static Histogram histogram() {
        return new Histogram(3_600_000_000_000L, 3);
    }

    /**
     * Sends the {@link StreamWire#ECHO} control frame and waits for it to come back: proves the
     * peer echoes, and turns a {@code salvo-perf server} connection into an echoing one.
     *
     * @throws SocketTimeoutException if it does not come back within the timeout
     * @throws EOFException if the peer closes instead
     * @throws IOException if what comes back differs
     */
    public static void hello(StreamTransport t, long timeoutNanos) throws IOException {
        int frame = Length32.HEADER + StreamWire.CONTROL_PAYLOAD;
        DatagramBuffer out = StreamWire.writeControl(DatagramBuffer.allocate(frame, 0), StreamWire.ECHO);
        DatagramBuffer sent = StreamWire.writeControl(DatagramBuffer.allocate(frame, 0), StreamWire.ECHO);
        DatagramBuffer in = DatagramBuffer.allocate(Length32.READ_BUFFER, 0);
        long giveUp = System.nanoTime() + timeoutNanos;
        StreamIdle.BLOCK.writeFully(t, out);
        while (in.length() < frame) {
            int n = t.read(in);
            if (n < 0) {
                throw new EOFException("the peer closed the connection instead of echoing");
            }
            long left = giveUp - System.nanoTime();
            if (n == 0) {
                if (left <= 0) {
                    throw new SocketTimeoutException("no echo within " + timeoutNanos / 1_000_000 + " ms");
                }
                t.awaitReadable(left);
            }
        }
        if (in.length() != frame || !in.contentEquals(sent)) {
            throw new IOException("the peer's answer is not the echo of what was sent (" + in.length() + " bytes)");
        }
    }

    /**
     * Measures round trips of frames with {@code size} payload bytes: {@code warmup} not recorded,
     * then up to {@code count} recorded, stopping early at {@code deadlineNanos}
     * ({@link System#nanoTime()}; {@code Long.MAX_VALUE} for none).
     *
     * @param into the histogram that gets the round-trip times, in nanoseconds
     * @throws EOFException if the peer closes the connection
     * @throws IOException if an echo differs from its probe, or the connection breaks
     */
    public static void measure(StreamTransport t, int size, StreamIdle idle, long warmup, long count, long deadlineNanos,
                               Histogram into) throws IOException {
        if (size < 9) {
            throw new IllegalArgumentException("a probe needs at least 9 payload bytes, got " + size);
        }
        int frame = Length32.HEADER + size;
        DatagramBuffer out = DatagramBuffer.allocate(frame, 0);
        out.writeInt(size).writeByte(StreamWire.PING).writeLong(0);
        for (int i = 9; i < size; i++) {
            out.writeByte(i * 31 + 7);
        }
        DatagramBuffer in = DatagramBuffer.allocate(Math.max(Length32.READ_BUFFER, frame), 0);
        long total = warmup + count;
        for (long i = 0; i < total && System.nanoTime() < deadlineNanos; i++) {
            out.setWindow(0, frame).setLong(Length32.HEADER + 1, i);
            long t0 = System.nanoTime();
            idle.writeFully(t, out);
            in.reset();
            idle.readAtLeast(t, in, frame);
            long t1 = System.nanoTime();
            if (in.length() != frame
                    || MemorySegment.mismatch(out.segment(), 0, frame, in.segment(), in.start(), in.end()) != -1) {
                throw new IOException("the echo of round trip " + i + " differs from what was sent (" + in.length()
                        + " bytes back for a " + frame + "-byte frame)");
            }
            if (i >= warmup) {
                into.recordValue(Math.max(1, t1 - t0));
            }
        }
    }
}
