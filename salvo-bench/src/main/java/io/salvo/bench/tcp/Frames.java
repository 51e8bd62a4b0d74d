package io.salvo.bench.tcp;

/**
 * The frame every system sends: a 4-byte big-endian length (like Netty's
 * {@code LengthFieldPrepender(4)}), then the payload, whose first 8 bytes are a big-endian
 * sequence number (0, 1, 2, ... per connection) that receivers check; the rest is a fixed pattern.
 */
final class Frames {

    static final int HEADER = 4;
    /** The smallest payload: room for the sequence number. */
    static final int MIN_SIZE = 8;
    /** Read buffers, and the batches one-way senders write at once. */
    static final int BIG = 256 * 1024;

    private Frames() {
    }

    /** Payload byte {@code i} (past the sequence number) of every frame. */
    static byte pattern(int i) {
        return (byte) (i * 31 + 7);
    }

    /** A receiver found a frame that is not the one it expected. */
    static IllegalStateException damaged(long expectedSequence, int length, long sequence, int size) {
        return new IllegalStateException("frame " + expectedSequence + " damaged: length " + length + " (expected "
                + size + "), sequence " + sequence);
    }
}
