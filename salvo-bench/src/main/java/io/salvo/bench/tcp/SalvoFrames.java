package io.salvo.bench.tcp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Framing over a Salvo {@link StreamTransport}, in place: reads append into one big
 * {@link DatagramBuffer}, complete frames are walked where they landed, and the partial frame at
 * the end is moved to the front only when the tailroom runs short. Nothing here allocates.
 */
final class SalvoFrames {

    /** How long one wait lasts before the caller's loop looks at its stop flag again. */
    static final long WAIT_NANOS = 100_000_000L;

    private SalvoFrames() {
    }

    /** Bytes at the front of the payload that form complete frames. */
    static int completeFrames(DatagramBuffer b) {
        int length = b.length();
        int pos = 0;
        while (length - pos >= Frames.HEADER) {
            int frame = b.getInt(pos);
            if (frame < 0 || frame > Frames.BIG - Frames.HEADER) {
                throw new IllegalStateException("frame length " + frame + " out of range");
            }
            if (length - pos - Frames.HEADER < frame) {
                break;
            }
            pos += Frames.HEADER + frame;
        }
        return pos;
    }

    /**
     * Empties a drained buffer, or moves the partial frame left at the end (less than one frame) to
     * the front, so the next read has the whole buffer behind it.
     */
    static void compact(DatagramBuffer b) {
        if (b.isEmpty()) {
            b.reset();
        } else if (b.start() > 0) {
            int length = b.length();
            MemorySegment.copy(b.segment(), b.start(), b.segment(), 0, length);
            b.setWindow(0, length);
        }
    }

    /**
     * One read that brings bytes: spinning on empty reads, or waiting in {@code poll(2)} between them.
     *
     * @return bytes read, or 0 when a wait timed out (so the caller can look at its stop flag)
     * @throws EOFException at end of stream
     */
    static int readSome(StreamTransport t, DatagramBuffer b, Flavour flavour) throws IOException {
        while (true) {
            // Block: one recv(2) that sleeps in the kernel (StreamTransport.read with a timeout).
            int n = flavour == Flavour.BLOCK ? t.read(b, WAIT_NANOS) : t.read(b);
            if (n > 0) {
                return n;
            }
            if (n < 0) {
                throw new EOFException("end of stream");
            }
            if (flavour == Flavour.BLOCK) {
                return 0; // the wait passed with nothing
            }
        }
    }

    /** Writes the whole payload: spinning on a full send buffer, or waiting in {@code poll(2)}. */
    static void writeFully(StreamTransport t, DatagramBuffer b, Flavour flavour) throws IOException {
        while (!b.isEmpty()) {
            if (t.write(b) == 0 && flavour == Flavour.BLOCK) {
                t.awaitWritable(WAIT_NANOS);
            }
        }
    }

    /** A buffer holding one frame of {@code size} payload bytes: length, sequence 0, then the pattern. */
    static DatagramBuffer frame(int size) {
        DatagramBuffer b = DatagramBuffer.allocate(Frames.HEADER + size, 0);
        fillFrame(b, 0, size);
        b.setWindow(0, Frames.HEADER + size);
        return b;
    }

    /** Writes a frame with sequence 0 at absolute offset {@code at} of the buffer's memory. */
    static void fillFrame(DatagramBuffer b, int at, int size) {
        b.setWindow(0, b.size());
        b.setInt(at, size);
        b.setLong(at + Frames.HEADER, 0);
        for (int i = Frames.MIN_SIZE; i < size; i++) {
            b.setByte(at + Frames.HEADER + i, Frames.pattern(i));
        }
    }
}
