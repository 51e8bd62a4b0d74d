package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

/**
 * Frames that end with a delimiter of one or more bytes ({@code \n}, {@code \r\n}, {@code \0}): a
 * frame is everything up to and including the first occurrence of the delimiter; the payload is
 * the frame without it. A frame of {@link #maxFrameSize()} bytes with no delimiter in it is a
 * {@link FramingException}.
 *
 * <p><b>Scanning cost.</b> The framer is immutable, so it cannot remember how far it looked. A
 * receive path that passes {@code examined} to {@link #frameLength(DatagramBuffer, int, int, int)}
 * gets resumed scans: every byte is looked at about once, however the frame trickles in. Without
 * it each call rescans from the frame's start: a frame of {@code n} bytes arriving in {@code k}
 * reads costs {@code O(n * k)} byte visits, bounded by {@code maxFrameSize} per call. The scan
 * reads eight bytes at a time, so rescans stay cheap for the short frames line protocols carry.
 *
 * <p>Immutable and thread-safe; allocation-free except on error.
 */
public final class DelimiterFramer implements Framer {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final byte[] delimiter;
    private final int maxFrameSize;

    /**
     * @param maxFrameSize the largest frame, delimiter included
     * @param delimiter one or more bytes (copied)
     * @throws IllegalArgumentException if the delimiter is empty or longer than {@code maxFrameSize}
     */
    public DelimiterFramer(int maxFrameSize, byte... delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter must have at least one byte");
        }
        FramerChecks.checkMaxFrameSize(maxFrameSize, delimiter.length);
        this.delimiter = delimiter.clone();
        this.maxFrameSize = maxFrameSize;
    }

    /** A copy of the delimiter. */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available) throws FramingException {
        return frameLength(buffer, offset, available, 0);
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available, int examined) throws FramingException {
        FramerChecks.checkRange(buffer, offset, available);
        FramerChecks.checkExamined(examined, available);
        int limit = Math.min(available, maxFrameSize);
        // A delimiter that ended within the examined bytes was found then; one may straddle their end.
        int from = Math.max(0, examined - delimiter.length + 1);
        int at = find(buffer, offset, from, limit);
        if (at >= 0) {
            return at + delimiter.length;
        }
        if (available >= maxFrameSize) {
            throw new FramingException("no delimiter " + FramerChecks.spell(delimiter) + " within the maximum frame size of "
                    + maxFrameSize + " bytes");
        }
        return NEED_MORE;
    }

    @Override
    public int payloadOffset(int frameLength) {
        return 0;
    }

    @Override
    public int payloadLength(int frameLength) {
        return frameLength - delimiter.length;
    }

    @Override
    public int headerLength() {
        return 0;
    }

    @Override
    public int trailerLength() {
        return delimiter.length;
    }

    /**
     * Writes the delimiter after the payload, then checks that it is the frame's first occurrence.
     *
     * @throws FramingException if the frame exceeds {@link #maxFrameSize()}, or the payload holds the
     *         delimiter (or ends with a part of it that would join the trailer)
     */
    @Override
    public void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException {
        FramerChecks.checkPayloadLength(payloadLength);
        long frame = (long) payloadLength + delimiter.length;
        if (frame > maxFrameSize) {
            throw new FramingException("frame of " + frame + " bytes exceeds the maximum frame size of " + maxFrameSize);
        }
        buffer.setBytes(frameOffset + payloadLength, delimiter);
        int first = find(buffer, frameOffset, 0, (int) frame);
        if (first != payloadLength) {
            throw new FramingException("payload contains the delimiter " + FramerChecks.spell(delimiter)
                    + " at byte " + first);
        }
    }

    /** The first delimiter starting in {@code [from, limit - delimiter.length]} past {@code base}, or -1. */
    private int find(DatagramBuffer buffer, int base, int from, int limit) {
        int lastStart = limit - delimiter.length;
        byte first = delimiter[0];
        int at = from;
        while (at <= lastStart) {
            at = indexOf(buffer, base, first, at, lastStart + 1);
            if (at < 0) {
                return -1;
            }
            if (restMatches(buffer, base + at)) {
                return at;
            }
            at++;
        }
        return -1;
    }

    private boolean restMatches(DatagramBuffer buffer, int at) {
        for (int i = 1; i < delimiter.length; i++) {
            if (buffer.getByte(at + i) != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first {@code b} in {@code [from, to)} past {@code base}, eight bytes per step: the lowest
     * set high bit of the zero-byte mask marks the first match exactly (borrows run only upwards).
     * Words are read only while they end by {@code to}, which never passes the bytes given.
     */
    private static int indexOf(DatagramBuffer buffer, int base, byte b, int from, int to) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; to - i >= Long.BYTES; i += Long.BYTES) {
            long x = buffer.getLongLE(base + i) ^ pattern;
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buffer.getByte(base + i) == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "DelimiterFramer[" + FramerChecks.spell(delimiter) + ", max " + maxFrameSize + "]";
    }
}
