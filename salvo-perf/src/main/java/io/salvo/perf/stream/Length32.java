package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;

import java.lang.foreign.MemorySegment;

/**
 * The {@code length32} framing: every message is a 4-byte big-endian payload length, then the
 * payload (Netty's {@code LengthFieldPrepender(4)}, and what most C and Rust tools write). The
 * helpers work in place on a {@link DatagramBuffer} that reads append to; none allocates.
 */
public final class Length32 {

    /** Bytes of the length field. */
    public static final int HEADER = 4;
    /** The largest payload a frame may declare (16 MiB): anything larger is taken for another framing. */
    public static final int MAX_PAYLOAD = 16 << 20;
    /** Read buffers: large enough for many frames per read; a larger frame is streamed through. */
    public static final int READ_BUFFER = 256 * 1024;
    /** The framing's name on the command line and in reports. */
    public static final String NAME = "length32";

    private Length32() {
    }

    /**
     * The payload length of the frame whose length field starts at payload offset {@code at}.
     *
     * @throws FramingException if it is negative or above {@link #MAX_PAYLOAD}
     */
    public static int payloadLength(DatagramBuffer b, int at) throws FramingException {
        int length = b.getInt(at);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new FramingException(length);
        }
        return length;
    }

    /**
     * Makes the tailroom as large as it can be for the next read: empties a drained buffer, or
     * moves what is left (less than one frame, as the walkers leave it) to the front.
     */
    public static void compact(DatagramBuffer b) {
        if (b.isEmpty()) {
            b.reset();
        } else if (b.start() > b.reservedHeadroom()) {
            int length = b.length();
            int to = b.reservedHeadroom();
            MemorySegment.copy(b.segment(), b.start(), b.segment(), to, length);
            b.setWindow(to, to + length);
        }
    }
}
