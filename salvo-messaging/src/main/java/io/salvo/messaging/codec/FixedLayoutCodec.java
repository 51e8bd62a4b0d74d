package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.LayoutField.Kind;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A {@link Codec} for records with a fixed binary layout, declared field by field with getters
 * and a constructor function: no reflection, ever.
 * <pre>{@code
 * record Order(long id, String symbol, int quantity, double price, Side side) {}
 *
 * FixedLayoutCodec<Order> codec = FixedLayoutCodec.builder(Order.class)
 *         .int64("id", Order::id)
 *         .ascii("symbol", 8, Order::symbol)
 *         .int32("quantity", Order::quantity)
 *         .float64("price", Order::price)
 *         .enumOrdinal("side", Side.class, Order::side)
 *         .build(r -> new Order(r.int64(), r.ascii(), r.int32(), r.float64(), r.enumValue()));
 * }</pre>
 * Fields sit back to back in declaration order, big-endian unless {@link Builder#byteOrder} says
 * otherwise. Integers are range-checked on encode ({@code uint8} takes 0..255, {@code int8}
 * -128..127, ...); ASCII fields are padded with spaces (or {@link Builder#asciiPadding}) and
 * trimmed of them on decode, so a value with trailing padding does not round-trip; enums travel
 * as their ordinal in one byte (two past 256 constants).
 *
 * <p>A payload must be exactly {@link #size()} bytes. {@link #encode} appends at {@code out}'s
 * end, allocation-free; on any failure it takes back what it appended. {@link #decode} allocates the
 * record and its strings. Encoding is thread-safe; decoding reuses one {@link FieldReader}, so one
 * codec per connection's receiver.
 *
 * @param <T> the record type
 */
public final class FixedLayoutCodec<T> implements Codec<T> {

    /** Builds a message from its fields, read in declaration order. */
    @FunctionalInterface
    public interface Constructor<T> {
        T construct(FieldReader fields) throws FramingException;
    }

    /** A getter of a {@code float} field. */
    @FunctionalInterface
    public interface ToFloatFunction<T> {
        float applyAsFloat(T value);
    }

    private final String typeName;
    private final LayoutField<T>[] fields;
    private final int size;
    private final boolean littleEndian;
    private final Constructor<T> constructor;
    private final FieldReader reader;

    private FixedLayoutCodec(Builder<T> b, Constructor<T> constructor) {
        this.typeName = b.typeName;
        @SuppressWarnings("unchecked")
        LayoutField<T>[] array = b.fields.toArray(new LayoutField[0]);
        this.fields = array;
        this.size = b.size;
        this.littleEndian = b.byteOrder == ByteOrder.LITTLE_ENDIAN;
        this.constructor = Objects.requireNonNull(constructor, "constructor");
        this.reader = new FieldReader(typeName, fields, littleEndian);
    }

    /** A builder for {@code type}'s layout; the class only names the type in messages. */
    public static <T> Builder<T> builder(Class<T> type) {
        return new Builder<>(type.getSimpleName());
    }

    /** The encoded size of every message, in bytes. */
    public int size() {
        return size;
    }

    /**
     * @throws FramingException if {@link #size()} bytes do not fit {@code out}'s tailroom
     * @throws IllegalArgumentException if a field's value is out of its range, too long, or null
     */
    @Override
    public void encode(T message, DatagramBuffer out) throws FramingException {
        Objects.requireNonNull(message, "message");
        if (out.tailroom() < size) {
            throw new FramingException(typeName + " of " + size + " bytes does not fit the tailroom of " + out.tailroom());
        }
        int base = out.length();
        out.setLength(base + size);
        try {
            for (LayoutField<T> f : fields) {
                f.writer.write(message, out, base + f.offset, littleEndian);
            }
        } catch (RuntimeException e) {
            out.setLength(base);
            throw e;
        }
    }

    /** @throws FramingException if {@code length} is not {@link #size()}, or a field holds an impossible value */
    @Override
    public T decode(DatagramBuffer in, int offset, int length) throws FramingException {
        if (length != size) {
            throw new FramingException(typeName + " is " + size + " bytes, the payload is " + length);
        }
        Objects.checkFromIndexSize(offset, length, in.length());
        reader.start(in, offset);
        T message = constructor.construct(reader);
        reader.finish();
        return message;
    }

    @Override
    public String toString() {
        return "FixedLayoutCodec[" + typeName + ", " + size + " bytes, " + fields.length + " fields]";
    }

    /** The fields of a layout, in order; not thread-safe. */
    public static final class Builder<T> {
        private final String typeName;
        private final List<LayoutField<T>> fields = new ArrayList<>();
        private int size;
        private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
        private byte asciiPadding = ' ';

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        /** Big-endian (the default) or little-endian, for every multi-byte field. */
        public Builder<T> byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /** The byte that pads the ASCII fields declared after this call (a space by default; {@code 0} for C-style). */
        public Builder<T> asciiPadding(byte padding) {
            this.asciiPadding = padding;
            return this;
        }

        public Builder<T> int8(String name, ToIntFunction<? super T> getter) {
            return integer(name, Kind.INT8, 1, -128, 127, getter);
        }

        public Builder<T> uint8(String name, ToIntFunction<? super T> getter) {
            return integer(name, Kind.UINT8, 1, 0, 255, getter);
        }

        public Builder<T> int16(String name, ToIntFunction<? super T> getter) {
            return integer(name, Kind.INT16, 2, Short.MIN_VALUE, Short.MAX_VALUE, getter);
        }

        public Builder<T> uint16(String name, ToIntFunction<? super T> getter) {
            return integer(name, Kind.UINT16, 2, 0, 0xFFFF, getter);
        }

        public Builder<T> int32(String name, ToIntFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            return add(name, Kind.INT32, 4, (m, out, at, le) -> LayoutField.put32(out, at, getter.applyAsInt(m), le));
        }

        public Builder<T> uint32(String name, ToLongFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            String field = typeName + "." + name;
            return add(name, Kind.UINT32, 4, (m, out, at, le) -> {
                long v = getter.applyAsLong(m);
                checkRange(field, v, 0, 0xFFFF_FFFFL, Kind.UINT32);
                LayoutField.put32(out, at, (int) v, le);
            });
        }

        public Builder<T> int64(String name, ToLongFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            return add(name, Kind.INT64, 8, (m, out, at, le) -> LayoutField.put64(out, at, getter.applyAsLong(m), le));
        }

        public Builder<T> float32(String name, ToFloatFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            return add(name, Kind.FLOAT32, 4,
                    (m, out, at, le) -> LayoutField.put32(out, at, Float.floatToRawIntBits(getter.applyAsFloat(m)), le));
        }

        public Builder<T> float64(String name, ToDoubleFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            return add(name, Kind.FLOAT64, 8,
                    (m, out, at, le) -> LayoutField.put64(out, at, Double.doubleToRawLongBits(getter.applyAsDouble(m)), le));
        }

        /** A {@code width}-byte ASCII field, padded on the right. */
        public Builder<T> ascii(String name, int width, Function<? super T, ? extends CharSequence> getter) {
            Objects.requireNonNull(getter, "getter");
            if (width <= 0) {
                throw new IllegalArgumentException("ASCII field width must be > 0, got " + width);
            }
            String field = typeName + "." + name;
            byte padding = asciiPadding;
            return add(new LayoutField<>(name, Kind.ASCII, size, width, (m, out, at, le) -> {
                CharSequence v = getter.apply(m);
                AsciiFields.check(v, width, field);
                for (int i = 0; i < width; i++) {
                    out.setByte(at + i, i < v.length() ? v.charAt(i) : padding);
                }
            }, null, null, padding));
        }

        /** An enum as its ordinal: one byte, or two when it has more than 256 constants. */
        public <E extends Enum<E>> Builder<T> enumOrdinal(String name, Class<E> type, Function<? super T, E> getter) {
            Objects.requireNonNull(getter, "getter");
            E[] constants = type.getEnumConstants();
            if (constants.length > 0x10000) {
                throw new IllegalArgumentException(type.getSimpleName() + " has more than 65536 constants");
            }
            int width = constants.length <= 0x100 ? 1 : 2;
            String field = typeName + "." + name;
            LayoutField.Writer<T> writer = (m, out, at, le) -> {
                E v = getter.apply(m);
                if (v == null) {
                    throw new IllegalArgumentException(field + " is null");
                }
                if (width == 1) out.setByte(at, v.ordinal()); else LayoutField.put16(out, at, v.ordinal(), le);
            };
            return add(new LayoutField<>(name, Kind.ENUM, size, width, writer, constants.clone(), type.getSimpleName(), (byte) 0));
        }

        /** {@code bytes} reserved bytes, written as zeros and skipped on decode. */
        public Builder<T> padding(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("padding must be > 0 bytes, got " + bytes);
            }
            return add("padding", Kind.PADDING, bytes, (m, out, at, le) -> {
                for (int i = 0; i < bytes; i++) {
                    out.setByte(at + i, 0);
                }
            });
        }

        /** A codec with these fields; the builder may go on to build others. */
        public FixedLayoutCodec<T> build(Constructor<T> constructor) {
            return new FixedLayoutCodec<>(this, constructor);
        }

        private Builder<T> integer(String name, Kind kind, int width, int min, int max, ToIntFunction<? super T> getter) {
            Objects.requireNonNull(getter, "getter");
            String field = typeName + "." + name;
            return add(name, kind, width, (m, out, at, le) -> {
                int v = getter.applyAsInt(m);
                checkRange(field, v, min, max, kind);
                if (width == 1) out.setByte(at, v); else LayoutField.put16(out, at, v, le);
            });
        }

        private Builder<T> add(String name, Kind kind, int width, LayoutField.Writer<T> writer) {
            return add(new LayoutField<>(name, kind, size, width, writer, null, null, (byte) 0));
        }

        private Builder<T> add(LayoutField<T> field) {
            Objects.requireNonNull(field.name, "name");
            if ((long) size + field.width > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("layout too large");
            }
            fields.add(field);
            size += field.width;
            return this;
        }

        private static void checkRange(String field, long value, long min, long max, Kind kind) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + ": " + value + " outside the " + kind.spelled() + " range ["
                        + min + ", " + max + "]");
            }
        }
    }
}
