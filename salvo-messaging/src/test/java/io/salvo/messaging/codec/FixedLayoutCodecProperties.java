package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field kind survives encode then decode, in both byte orders, wherever the payload sits. */
class FixedLayoutCodecProperties {

    enum Color { RED, GREEN, BLUE }

    record AllKinds(byte i8, int u8, short i16, int u16, int i32, long u32, long i64, float f32, double f64,
                    String text, Color color) {}

    static FixedLayoutCodec<AllKinds> codec(ByteOrder order) {
        return FixedLayoutCodec.builder(AllKinds.class).byteOrder(order)
                .int8("i8", AllKinds::i8)
                .uint8("u8", AllKinds::u8)
                .int16("i16", AllKinds::i16)
                .padding(1)
                .uint16("u16", AllKinds::u16)
                .int32("i32", AllKinds::i32)
                .uint32("u32", AllKinds::u32)
                .int64("i64", AllKinds::i64)
                .float32("f32", AllKinds::f32)
                .float64("f64", AllKinds::f64)
                .padding(2)
                .ascii("text", 12, AllKinds::text)
                .padding(1)
                .enumOrdinal("color", Color.class, AllKinds::color)
                .build(r -> new AllKinds(r.int8(), r.uint8(), r.int16(), r.uint16(), r.int32(), r.uint32(), r.int64(),
                        r.float32(), r.float64(), r.ascii(), r.enumValue()));
    }

    @Provide
    Arbitrary<AllKinds> records() {
        Arbitrary<String> text = Arbitraries.strings().ascii().ofMaxLength(12).map(String::stripTrailing);
        return Combinators.combine(
                Combinators.combine(Arbitraries.bytes(), Arbitraries.integers().between(0, 255),
                        Arbitraries.shorts(), Arbitraries.integers().between(0, 0xFFFF)).as(FixedLayoutCodecProperties::array),
                Combinators.combine(Arbitraries.integers(), Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                        Arbitraries.longs(), Arbitraries.floats()).as(FixedLayoutCodecProperties::array),
                Combinators.combine(Arbitraries.doubles(), text, Arbitraries.of(Color.class)).as(FixedLayoutCodecProperties::array)
        ).as((a, b, c) -> new AllKinds((byte) a[0], (int) a[1], (short) a[2], (int) a[3], (int) b[0], (long) b[1],
                (long) b[2], (float) b[3], (double) c[0], (String) c[1], (Color) c[2]));
    }

    private static Object[] array(Object... values) {
        return values;
    }

    @Property(tries = 300)
    void everyFieldKindRoundTrips(@ForAll("records") AllKinds message, @ForAll boolean littleEndian,
                                  @ForAll byte[] before) throws FramingException {
        FixedLayoutCodec<AllKinds> codec = codec(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        DatagramBuffer out = DatagramBuffer.allocate(before.length + codec.size() + 4, 7).writeBytes(before);
        codec.encode(message, out);
        assertThat(out.length()).isEqualTo(before.length + codec.size());
        assertThat(codec.decode(out, before.length, codec.size())).isEqualTo(message);
    }
}
