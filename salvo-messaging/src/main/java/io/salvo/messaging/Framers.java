package io.salvo.messaging;

import io.salvo.messaging.framing.DelimiterFramer;
import io.salvo.messaging.framing.FixFramer;
import io.salvo.messaging.framing.FixedSizeFramer;
import io.salvo.messaging.framing.LengthPrefixedFramer;

/**
 * The ready-made {@link Framer}s. Every one has a maximum frame size and rejects input that can
 * never become a valid frame with a {@link FramingException}; all are immutable and thread-safe, so
 * one instance serves every connection.
 * <pre>{@code
 * Framers.lengthPrefixed(2, 4096)                       // 2-byte big-endian payload length
 * Framers.lengthPrefixed(65_536)                         // a builder: field size, offset, order, what it counts
 *        .lengthFieldOffset(1).lengthFieldSize(4)
 *        .lengthCounts(LengthCounts.LENGTH_FIELD_AND_PAYLOAD).codecSeesHeader().build()
 * Framers.fixedSize(32)
 * Framers.lines(1024)  Framers.crlfLines(1024)  Framers.delimited(1024, (byte) 0)
 * Framers.fix("FIX.4.4", 8192)
 * }</pre>
 */
public final class Framers {

    private Framers() {
    }

    /** Frames with a big-endian length field of {@code lengthFieldSize} bytes (1, 2, 4 or 8) counting the payload. */
    public static LengthPrefixedFramer lengthPrefixed(int lengthFieldSize, int maxFrameSize) {
        return LengthPrefixedFramer.builder(maxFrameSize).lengthFieldSize(lengthFieldSize).build();
    }

    /** A builder for length-prefixed frames of at most {@code maxFrameSize} bytes. */
    public static LengthPrefixedFramer.Builder lengthPrefixed(int maxFrameSize) {
        return LengthPrefixedFramer.builder(maxFrameSize);
    }

    /** Frames of exactly {@code frameSize} bytes, no header. */
    public static FixedSizeFramer fixedSize(int frameSize) {
        return new FixedSizeFramer(frameSize);
    }

    /** Frames ending with {@code delimiter} (one or more bytes), at most {@code maxFrameSize} bytes with it. */
    public static DelimiterFramer delimited(int maxFrameSize, byte... delimiter) {
        return new DelimiterFramer(maxFrameSize, delimiter);
    }

    /** Lines ending with {@code \n}. */
    public static DelimiterFramer lines(int maxFrameSize) {
        return new DelimiterFramer(maxFrameSize, (byte) '\n');
    }

    /** Lines ending with {@code \r\n} (HTTP headers, SMTP, Redis' RESP). */
    public static DelimiterFramer crlfLines(int maxFrameSize) {
        return new DelimiterFramer(maxFrameSize, (byte) '\r', (byte) '\n');
    }

    /** FIX messages with this BeginString, checking that the CheckSum field is there. */
    public static FixFramer fix(String beginString, int maxFrameSize) {
        return new FixFramer(beginString, maxFrameSize, false);
    }

    /** FIX messages, also verifying the CheckSum value when {@code verifyChecksum}. */
    public static FixFramer fix(String beginString, int maxFrameSize, boolean verifyChecksum) {
        return new FixFramer(beginString, maxFrameSize, verifyChecksum);
    }
}
