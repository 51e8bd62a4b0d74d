package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;

/**
 * One field of a {@link FixedLayoutCodec}: where it sits, what it holds, and how a message's value
 * is written there (the getter and its range check, captured at build time).
 */
final class LayoutField<T> {

    enum Kind {
        INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, ASCII, ENUM, PADDING;

        String spelled() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Writes {@code message}'s value for this field at payload index {@code at} of {@code out}. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T message, DatagramBuffer out, int at, boolean littleEndian);
    }

    final String name;
    final Kind kind;
    final int offset;
    final int width;
    final Writer<T> writer;
    /** The constants of an {@link Kind#ENUM} field, by ordinal; null otherwise. */
    final Object[] constants;
    final String enumName;
    /** The byte that pads an {@link Kind#ASCII} field. */
    final byte padding;

    LayoutField(String name, Kind kind, int offset, int width, Writer<T> writer, Object[] constants, String enumName,
                byte padding) {
        this.name = name;
        this.kind = kind;
        this.offset = offset;
        this.width = width;
        this.writer = writer;
        this.constants = constants;
        this.enumName = enumName;
        this.padding = padding;
    }

    static void put16(DatagramBuffer out, int at, int value, boolean littleEndian) {
        if (littleEndian) out.setShortLE(at, value); else out.setShort(at, value);
    }

    static void put32(DatagramBuffer out, int at, int value, boolean littleEndian) {
        if (littleEndian) out.setIntLE(at, value); else out.setInt(at, value);
    }

    static void put64(DatagramBuffer out, int at, long value, boolean littleEndian) {
        if (littleEndian) out.setLongLE(at, value); else out.setLong(at, value);
    }

    static short get16(DatagramBuffer in, int at, boolean littleEndian) {
        return littleEndian ? in.getShortLE(at) : in.getShort(at);
    }

    static int get32(DatagramBuffer in, int at, boolean littleEndian) {
        return littleEndian ? in.getIntLE(at) : in.getInt(at);
    }

    static long get64(DatagramBuffer in, int at, boolean littleEndian) {
        return littleEndian ? in.getLongLE(at) : in.getLong(at);
    }
}
