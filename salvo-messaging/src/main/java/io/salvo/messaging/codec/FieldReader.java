package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;

/**
 * What a {@link FixedLayoutCodec}'s constructor function reads a message from: the fields in the
 * order they were declared, one call each, padding skipped.
 * <pre>{@code
 * .build(r -> new Order(r.int64(), r.ascii(), r.int32(), r.float64(), r.enumValue()))
 * }</pre>
 * Java evaluates constructor arguments left to right, so the calls meet the fields in order. Reading
 * a field as the wrong kind, or not reading every field, is a bug in the constructor function and
 * throws {@link IllegalStateException}. Valid only inside that function; one per codec.
 */
public final class FieldReader {

    private final String typeName;
    private final LayoutField<?>[] fields;
    private final boolean littleEndian;
    private DatagramBuffer in;
    private int base;
    private int next;

    FieldReader(String typeName, LayoutField<?>[] fields, boolean littleEndian) {
        this.typeName = typeName;
        this.fields = fields;
        this.littleEndian = littleEndian;
    }

    void start(DatagramBuffer in, int base) {
        this.in = in;
        this.base = base;
        this.next = 0;
    }

    void finish() {
        skipPadding();
        if (next != fields.length) {
            throw new IllegalStateException(typeName + "'s constructor read " + next + " of " + fields.length
                    + " fields; '" + fields[next].name + "' was never read");
        }
        in = null;
    }

    public byte int8() {
        return in.getByte(at(LayoutField.Kind.INT8));
    }

    public int uint8() {
        return in.getByte(at(LayoutField.Kind.UINT8)) & 0xFF;
    }

    public short int16() {
        return LayoutField.get16(in, at(LayoutField.Kind.INT16), littleEndian);
    }

    public int uint16() {
        return LayoutField.get16(in, at(LayoutField.Kind.UINT16), littleEndian) & 0xFFFF;
    }

    public int int32() {
        return LayoutField.get32(in, at(LayoutField.Kind.INT32), littleEndian);
    }

    public long uint32() {
        return LayoutField.get32(in, at(LayoutField.Kind.UINT32), littleEndian) & 0xFFFF_FFFFL;
    }

    public long int64() {
        return LayoutField.get64(in, at(LayoutField.Kind.INT64), littleEndian);
    }

    public float float32() {
        return Float.intBitsToFloat(LayoutField.get32(in, at(LayoutField.Kind.FLOAT32), littleEndian));
    }

    public double float64() {
        return Double.longBitsToDouble(LayoutField.get64(in, at(LayoutField.Kind.FLOAT64), littleEndian));
    }

    /**
     * The text of the next ASCII field without its trailing padding. Allocates the string.
     *
     * @throws FramingException if a byte is not ASCII
     */
    public String ascii() throws FramingException {
        int at = at(LayoutField.Kind.ASCII);
        LayoutField<?> f = fields[next - 1];
        return AsciiFields.decode(in, at, f.width, f.padding, typeName + "." + f.name);
    }

    /**
     * The enum constant whose ordinal the next field holds.
     *
     * @throws FramingException if the ordinal is not one of the enum's
     */
    @SuppressWarnings("unchecked")
    public <E extends Enum<E>> E enumValue() throws FramingException {
        int at = at(LayoutField.Kind.ENUM);
        LayoutField<?> f = fields[next - 1];
        int ordinal = f.width == 1 ? in.getByte(at) & 0xFF : LayoutField.get16(in, at, littleEndian) & 0xFFFF;
        if (ordinal >= f.constants.length) {
            throw new FramingException(typeName + "." + f.name + ": ordinal " + ordinal + " outside the "
                    + f.constants.length + " constants of " + f.enumName);
        }
        return (E) f.constants[ordinal];
    }

    private int at(LayoutField.Kind kind) {
        if (in == null) {
            throw new IllegalStateException("a FieldReader is valid only inside its codec's constructor function");
        }
        skipPadding();
        if (next == fields.length) {
            throw new IllegalStateException(typeName + "'s constructor read more than its " + fields.length + " fields");
        }
        LayoutField<?> f = fields[next];
        if (f.kind != kind) {
            throw new IllegalStateException(typeName + "'s constructor read field " + next + " '" + f.name + "' as "
                    + kind.spelled() + ", but it is " + f.kind.spelled());
        }
        next++;
        return base + f.offset;
    }

    private void skipPadding() {
        while (next < fields.length && fields[next].kind == LayoutField.Kind.PADDING) {
            next++;
        }
    }
}
