package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;

/**
 * A deterministic byte stream: byte {@code i} of stream {@code seed} is a hash of both, so a
 * dropped, repeated, reordered or foreign byte shows up at the first position it touches.
 */
public final class Pattern {

    private final long seed;
    private long position;

    public Pattern(long seed) {
        this.seed = seed;
    }

    public static byte at(long seed, long i) {
        long z = i * 0x9E3779B97F4A7C15L + seed * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (byte) (z ^ (z >>> 29));
    }

    public static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(seed, i);
        }
        return b;
    }

    /** Bytes handed out or checked so far. */
    public long position() {
        return position;
    }

    /** Appends the next {@code n} bytes of the stream to {@code buffer}. */
    public void fill(DatagramBuffer buffer, int n) {
        for (int i = 0; i < n; i++) {
            buffer.writeByte(at(seed, position++));
        }
    }

    /** Fills {@code b[off, off+n)} with the next {@code n} bytes. */
    public void fill(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = at(seed, position++);
        }
    }

    /** Checks that {@code b[off, off+n)} are the next {@code n} bytes; throws at the first that is not. */
    public void check(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            byte expected = at(seed, position);
            if (b[off + i] != expected) {
                throw new AssertionError("byte " + position + " of stream " + seed + " is " + b[off + i]
                        + ", expected " + expected);
            }
            position++;
        }
    }

    /** Checks and consumes the whole payload of {@code buffer}. */
    public void check(DatagramBuffer buffer) {
        int n = buffer.length();
        for (int i = 0; i < n; i++) {
            byte got = buffer.getByte(i);
            byte expected = at(seed, position);
            if (got != expected) {
                throw new AssertionError("byte " + position + " of stream " + seed + " is " + got
                        + ", expected " + expected);
            }
            position++;
        }
        buffer.advance(n);
    }
}
