package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Frames that carry their length in a header field:
 * <pre>
 *   [ preamble: lengthFieldOffset bytes ][ length: 1, 2, 4 or 8 bytes ][ payload ]
 * </pre>
 * The preamble is header bytes before the length field (a type or version byte); the length field
 * is big- or little-endian and counts the payload, the length field and the payload, or the whole
 * frame ({@link LengthCounts}). 1- and 2-byte fields are unsigned; 4- and 8-byte fields are signed,
 * and a negative value is a {@link FramingException}.
 *
 * <p>By default a codec sees the payload only. With {@link Builder#codecSeesHeader()} it sees the
 * whole frame instead (Netty's {@code initialBytesToStrip = 0}): it writes the preamble itself and
 * leaves placeholder bytes for the length field, which {@link #writeFrame} fills. That is how a
 * format with a type byte before the length (PostgreSQL's) is written.
 *
 * <p>A frame's length is decided as soon as the header is in: a bad length is rejected before the
 * rest of the frame arrives. Immutable and thread-safe; no method allocates except on error.
 */
public final class LengthPrefixedFramer implements Framer {

    /** What the length field counts. */
    public enum LengthCounts {
        /** The payload only: frame = preamble + length field + value. */
        PAYLOAD,
        /** The length field and the payload, not the preamble (PostgreSQL): frame = preamble + value. */
        LENGTH_FIELD_AND_PAYLOAD,
        /** The whole frame, header included: frame = value. */
        WHOLE_FRAME
    }

    private final int lengthFieldOffset;
    private final int lengthFieldSize;
    private final boolean littleEndian;
    private final LengthCounts counts;
    private final int maxFrameSize;
    private final boolean codecSeesHeader;
    private final int headerSize;
    /** Frame bytes the length value does not count. */
    private final int uncounted;
    /** The smallest length value that is not a lie about the bytes it counts. */
    private final int smallestValue;
    private final long largestValue;

    private LengthPrefixedFramer(Builder b) {
        this.lengthFieldOffset = b.lengthFieldOffset;
        this.lengthFieldSize = b.lengthFieldSize;
        this.littleEndian = b.byteOrder == ByteOrder.LITTLE_ENDIAN;
        this.counts = b.counts;
        this.maxFrameSize = b.maxFrameSize;
        this.codecSeesHeader = b.codecSeesHeader;
        this.headerSize = lengthFieldOffset + lengthFieldSize;
        this.uncounted = switch (counts) {
            case PAYLOAD -> headerSize;
            case LENGTH_FIELD_AND_PAYLOAD -> lengthFieldOffset;
            case WHOLE_FRAME -> 0;
        };
        this.smallestValue = headerSize - uncounted;
        this.largestValue = lengthFieldSize == 8 ? Long.MAX_VALUE : (1L << (8 * lengthFieldSize - (lengthFieldSize == 4 ? 1 : 0))) - 1;
        FramerChecks.checkMaxFrameSize(maxFrameSize, headerSize);
    }

    /** A builder for frames of at most {@code maxFrameSize} bytes: 4-byte big-endian length of the payload, no preamble. */
    public static Builder builder(int maxFrameSize) {
        return new Builder(maxFrameSize);
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available) throws FramingException {
        FramerChecks.checkRange(buffer, offset, available);
        if (available < headerSize) {
            return NEED_MORE;
        }
        long value = readLength(buffer, offset + lengthFieldOffset);
        if (value < 0) {
            throw new FramingException("negative length " + value + " in the " + lengthFieldSize + "-byte length field");
        }
        if (value < smallestValue) {
            throw new FramingException("length " + value + " is smaller than the " + smallestValue
                    + " header bytes it counts");
        }
        long frame = value + uncounted;
        if (frame > maxFrameSize) {
            throw new FramingException("frame of " + frame + " bytes (length field " + value
                    + ") exceeds the maximum frame size of " + maxFrameSize);
        }
        return available >= frame ? (int) frame : NEED_MORE;
    }

    @Override
    public int payloadOffset(int frameLength) {
        return codecSeesHeader ? 0 : headerSize;
    }

    @Override
    public int payloadLength(int frameLength) {
        return codecSeesHeader ? frameLength : frameLength - headerSize;
    }

    @Override
    public int headerLength() {
        return codecSeesHeader ? 0 : headerSize;
    }

    @Override
    public int trailerLength() {
        return 0;
    }

    /**
     * Writes the length field. The preamble bytes are left as they are: with
     * {@link Builder#codecSeesHeader()} the codec wrote them; otherwise set them yourself (they are
     * zero in a fresh buffer).
     *
     * @throws FramingException if the frame would exceed {@link #maxFrameSize()} or its length does
     *         not fit the length field, or (codec sees the header) the payload is shorter than the header
     */
    @Override
    public void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException {
        FramerChecks.checkPayloadLength(payloadLength);
        long frame = codecSeesHeader ? payloadLength : (long) headerSize + payloadLength;
        if (frame < headerSize) {
            throw new FramingException("frame of " + frame + " bytes is shorter than its " + headerSize + "-byte header");
        }
        if (frame > maxFrameSize) {
            throw new FramingException("frame of " + frame + " bytes exceeds the maximum frame size of " + maxFrameSize);
        }
        long value = frame - uncounted;
        if (value > largestValue) {
            throw new FramingException("length " + value + " does not fit the " + lengthFieldSize + "-byte length field");
        }
        writeLength(buffer, frameOffset + lengthFieldOffset, value);
    }

    private long readLength(DatagramBuffer buffer, int at) {
        return switch (lengthFieldSize) {
            case 1 -> buffer.getByte(at) & 0xFFL;
            case 2 -> (littleEndian ? buffer.getShortLE(at) : buffer.getShort(at)) & 0xFFFFL;
            case 4 -> littleEndian ? buffer.getIntLE(at) : buffer.getInt(at);
            default -> littleEndian ? buffer.getLongLE(at) : buffer.getLong(at);
        };
    }

    private void writeLength(DatagramBuffer buffer, int at, long value) {
        switch (lengthFieldSize) {
            case 1 -> buffer.setByte(at, (int) value);
            case 2 -> {
                if (littleEndian) buffer.setShortLE(at, (int) value); else buffer.setShort(at, (int) value);
            }
            case 4 -> {
                if (littleEndian) buffer.setIntLE(at, (int) value); else buffer.setInt(at, (int) value);
            }
            default -> {
                if (littleEndian) buffer.setLongLE(at, value); else buffer.setLong(at, value);
            }
        }
    }

    @Override
    public String toString() {
        return "LengthPrefixedFramer[" + (lengthFieldOffset > 0 ? lengthFieldOffset + "-byte preamble, " : "")
                + lengthFieldSize + "-byte " + (littleEndian ? "little" : "big") + "-endian length of "
                + counts + (codecSeesHeader ? ", codec sees header" : "") + ", max " + maxFrameSize + "]";
    }

    /** Settings for a {@link LengthPrefixedFramer}; not thread-safe, reusable. */
    public static final class Builder {
        private final int maxFrameSize;
        private int lengthFieldOffset;
        private int lengthFieldSize = 4;
        private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
        private LengthCounts counts = LengthCounts.PAYLOAD;
        private boolean codecSeesHeader;

        private Builder(int maxFrameSize) {
            if (maxFrameSize <= 0) {
                throw new IllegalArgumentException("maxFrameSize must be > 0, got " + maxFrameSize);
            }
            this.maxFrameSize = maxFrameSize;
        }

        /** 1, 2, 4 (the default) or 8 bytes. */
        public Builder lengthFieldSize(int bytes) {
            if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
                throw new IllegalArgumentException("length field size must be 1, 2, 4 or 8 bytes, got " + bytes);
            }
            this.lengthFieldSize = bytes;
            return this;
        }

        /** Header bytes before the length field (a type byte); 0 by default. */
        public Builder lengthFieldOffset(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("length field offset must be >= 0, got " + bytes);
            }
            this.lengthFieldOffset = bytes;
            return this;
        }

        /** Big-endian (network order, the default) or little-endian. */
        public Builder byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /** What the length value counts; {@link LengthCounts#PAYLOAD} by default. */
        public Builder lengthCounts(LengthCounts counts) {
            this.counts = Objects.requireNonNull(counts, "counts");
            return this;
        }

        /** Codecs see the whole frame, header included, and write the header's other bytes themselves. */
        public Builder codecSeesHeader() {
            this.codecSeesHeader = true;
            return this;
        }

        /** @throws IllegalArgumentException if {@code maxFrameSize} cannot hold the header */
        public LengthPrefixedFramer build() {
            return new LengthPrefixedFramer(this);
        }
    }
}
