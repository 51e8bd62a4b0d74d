package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A base for flyweights: a reusable view over one message's bytes in a {@link DatagramBuffer},
 * read and written in place by the subclass's typed accessors (the Agrona/SBE style).
 * <pre>{@code
 * final class NewOrderView extends Flyweight {
 *     NewOrderView() { super(20, 20, ByteOrder.BIG_ENDIAN); }
 *     long orderId()  { return int64(0); }
 *     int quantity()  { return int32(8); }
 *     NewOrderView orderId(long v) { putInt64(0, v); return this; }
 * }
 * }</pre>
 * {@link #wrap} points the view at received bytes (checking the length once, so the accessors
 * cannot reach past the frame); {@link #wrapAppend} reserves bytes at a buffer's tail to write a
 * new message in place.
 *
 * <p><b>Ownership and lifetime.</b> The view holds no bytes of its own: it is valid while the
 * buffer it wraps holds that message, which on receive is until the next receive on that
 * connection. Copy what you keep. <b>Allocation:</b> none, once constructed. <b>Threads:</b> one
 * owner at a time, like the buffer it wraps.
 */
public abstract class Flyweight {

    private final int minLength;
    private final int maxLength;
    private final boolean littleEndian;
    private DatagramBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param minLength the fewest bytes a valid message has (every fixed field)
     * @param maxLength the most; equal to {@code minLength} for a fixed layout
     * @param order the byte order of multi-byte fields
     */
    protected Flyweight(int minLength, int maxLength, ByteOrder order) {
        if (minLength < 0 || maxLength < minLength) {
            throw new IllegalArgumentException("need 0 <= minLength <= maxLength, got " + minLength + ", " + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.littleEndian = Objects.requireNonNull(order, "order") == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * Points this view at the {@code length} bytes at {@code offset} of {@code buffer}'s payload.
     *
     * @throws FramingException if this message cannot be {@code length} bytes long; the view is unchanged
     * @throws IndexOutOfBoundsException if the range lies outside the buffer's payload
     */
    public final Flyweight wrap(DatagramBuffer buffer, int offset, int length) throws FramingException {
        Objects.checkFromIndexSize(offset, length, buffer.length());
        checkLength(length);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Appends {@code length} zeroed bytes at {@code out}'s end and points this view at them, to be
     * filled by the subclass's setters.
     *
     * @throws FramingException if they do not fit in {@code out}'s tailroom
     * @throws IllegalArgumentException if this message cannot be {@code length} bytes long
     */
    public final Flyweight wrapAppend(DatagramBuffer out, int length) throws FramingException {
        if (length < minLength || length > maxLength) {
            throw new IllegalArgumentException(lengthRange(length));
        }
        if (length > out.tailroom()) {
            throw new FramingException(getClass().getSimpleName() + " of " + length + " bytes does not fit the tailroom of "
                    + out.tailroom());
        }
        int at = out.length();
        out.setLength(at + length);
        for (int i = 0; i < length; i++) {
            out.setByte(at + i, 0);
        }
        this.buffer = out;
        this.offset = at;
        this.length = length;
        return this;
    }

    /**
     * Rejects lengths this message cannot have; called by {@link #wrap} before the view moves. The
     * default checks {@code [minLength, maxLength]}; override to check a length the message declares.
     */
    protected void checkLength(int length) throws FramingException {
        if (length < minLength || length > maxLength) {
            throw new FramingException(lengthRange(length));
        }
    }

    private String lengthRange(int length) {
        return getClass().getSimpleName() + " is " + (minLength == maxLength ? minLength + " bytes"
                : "between " + minLength + " and " + maxLength + " bytes") + ", got " + length;
    }

    /** The buffer this view reads, or null before the first wrap. */
    public final DatagramBuffer buffer() {
        return buffer;
    }

    /** Where the message starts in {@link #buffer()}'s payload. */
    public final int offset() {
        return offset;
    }

    /** The message's length in bytes. */
    public final int length() {
        return length;
    }

    /** Appends this message's bytes at {@code out}'s end: forwarding without decoding. */
    public final void copyTo(DatagramBuffer out) throws FramingException {
        if (buffer == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not wrapped around a buffer");
        }
        if (length > out.tailroom()) {
            throw new FramingException(getClass().getSimpleName() + " of " + length + " bytes does not fit the tailroom of "
                    + out.tailroom());
        }
        int at = out.length();
        out.setLength(at + length);
        MemorySegment.copy(buffer.segment(), buffer.start() + offset, out.segment(), out.start() + at, length);
    }

    // ---------------------------------------------------------------- reads at message offsets

    protected final byte int8(int field) {
        return buffer.getByte(at(field, 1));
    }

    protected final int uint8(int field) {
        return int8(field) & 0xFF;
    }

    protected final short int16(int field) {
        int at = at(field, 2);
        return littleEndian ? buffer.getShortLE(at) : buffer.getShort(at);
    }

    protected final int uint16(int field) {
        return int16(field) & 0xFFFF;
    }

    protected final int int32(int field) {
        int at = at(field, 4);
        return littleEndian ? buffer.getIntLE(at) : buffer.getInt(at);
    }

    protected final long uint32(int field) {
        return int32(field) & 0xFFFF_FFFFL;
    }

    protected final long int64(int field) {
        int at = at(field, 8);
        return littleEndian ? buffer.getLongLE(at) : buffer.getLong(at);
    }

    protected final float float32(int field) {
        return Float.intBitsToFloat(int32(field));
    }

    protected final double float64(int field) {
        return Double.longBitsToDouble(int64(field));
    }

    /** True when the {@code width}-byte ASCII field, less trailing spaces, equals {@code value}. No allocation. */
    protected final boolean asciiEquals(int field, int width, CharSequence value) {
        int used = asciiLength(field, width);
        if (used != value.length()) {
            return false;
        }
        for (int i = 0; i < used; i++) {
            if ((buffer.getByte(offset + field + i) & 0xFF) != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends the {@code width}-byte ASCII field, less trailing spaces, to {@code to}. No allocation beyond {@code to}'s growth. */
    protected final StringBuilder ascii(int field, int width, StringBuilder to) {
        int used = asciiLength(field, width);
        for (int i = 0; i < used; i++) {
            to.append((char) (buffer.getByte(offset + field + i) & 0xFF));
        }
        return to;
    }

    private int asciiLength(int field, int width) {
        at(field, width);
        int used = width;
        while (used > 0 && buffer.getByte(offset + field + used - 1) == ' ') {
            used--;
        }
        return used;
    }

    // ---------------------------------------------------------------- writes at message offsets

    protected final void putInt8(int field, int value) {
        buffer.setByte(at(field, 1), value);
    }

    protected final void putInt16(int field, int value) {
        int at = at(field, 2);
        if (littleEndian) buffer.setShortLE(at, value); else buffer.setShort(at, value);
    }

    protected final void putInt32(int field, int value) {
        int at = at(field, 4);
        if (littleEndian) buffer.setIntLE(at, value); else buffer.setInt(at, value);
    }

    protected final void putInt64(int field, long value) {
        int at = at(field, 8);
        if (littleEndian) buffer.setLongLE(at, value); else buffer.setLong(at, value);
    }

    protected final void putFloat32(int field, float value) {
        putInt32(field, Float.floatToRawIntBits(value));
    }

    protected final void putFloat64(int field, double value) {
        putInt64(field, Double.doubleToRawLongBits(value));
    }

    /**
     * Writes {@code value} into a {@code width}-byte ASCII field, padded with spaces.
     *
     * @throws IllegalArgumentException if it is longer than the field or not ASCII; nothing is written
     */
    protected final void putAscii(int field, int width, CharSequence value) {
        int at = at(field, width);
        AsciiFields.check(value, width, getClass().getSimpleName() + " field at " + field);
        for (int i = 0; i < width; i++) {
            buffer.setByte(at + i, i < value.length() ? value.charAt(i) : ' ');
        }
    }

    /** Payload offset of a field, checked against this message (a bug in the subclass otherwise). */
    private int at(int field, int width) {
        if (buffer == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not wrapped around a buffer");
        }
        if (field < 0 || width > length - field) {
            throw new IndexOutOfBoundsException(width + " bytes at " + field + " outside " + getClass().getSimpleName()
                    + " of " + length + " bytes");
        }
        return offset + field;
    }
}
