package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.orderentry.OrderEntry.NewOrder;
import io.salvo.messaging.codec.orderentry.OrderEntry.Reject;
import io.salvo.messaging.codec.orderentry.OrderEntry.RejectReason;
import io.salvo.messaging.codec.orderentry.OrderEntry.Side;
import io.salvo.messaging.codec.orderentry.OrderEntry.TimeInForce;
import io.salvo.messaging.codec.orderentry.OrderEntryCodecs;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static io.salvo.messaging.testing.Bytes.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedLayoutCodecTest {

    record Point(short x, int y) {}

    private static final NewOrder ORDER = new NewOrder(42, "MSFT", Side.SELL, 300, -5, TimeInForce.IOC);

    @Test
    void fieldsSitBackToBackBigEndianWithSpacePaddedAscii() throws FramingException {
        FixedLayoutCodec<NewOrder> codec = OrderEntryCodecs.newOrder();
        DatagramBuffer out = DatagramBuffer.allocate(64, 0);
        codec.encode(ORDER, out);
        assertThat(codec.size()).isEqualTo(30);
        assertThat(out.toByteArray()).containsExactly(
                0, 0, 0, 0, 0, 0, 0, 42,
                'M', 'S', 'F', 'T', ' ', ' ', ' ', ' ',
                1,
                0, 0, 1, 44,
                -1, -1, -1, -1, -1, -1, -1, -5,
                1);
        assertThat(codec.decode(out, 0, 30)).isEqualTo(ORDER);
    }

    @Test
    void littleEndianLayout() throws FramingException {
        FixedLayoutCodec<Point> codec = FixedLayoutCodec.builder(Point.class).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .int16("x", Point::x).int32("y", Point::y).build(r -> new Point(r.int16(), r.int32()));
        DatagramBuffer out = DatagramBuffer.allocate(16, 0);
        codec.encode(new Point((short) 0x0102, 0x03040506), out);
        assertThat(out.toByteArray()).containsExactly(2, 1, 6, 5, 4, 3);
        assertThat(codec.decode(out, 0, 6)).isEqualTo(new Point((short) 0x0102, 0x03040506));
    }

    @Test
    void aValueOutOfItsRangeIsRefusedAndNothingStaysAppended() {
        FixedLayoutCodec<NewOrder> codec = OrderEntryCodecs.newOrder();
        DatagramBuffer out = DatagramBuffer.allocate(64, 0).writeByte(9);
        assertThatThrownBy(() -> codec.encode(new NewOrder(1, "A", Side.BUY, -1, 1, TimeInForce.DAY), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NewOrder.quantity: -1 outside the uint32 range [0, 4294967295]");
        assertThatThrownBy(() -> codec.encode(new NewOrder(1, "TOOLONGSYM", Side.BUY, 1, 1, TimeInForce.DAY), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NewOrder.symbol: \"TOOLONGSYM\" is 10 characters, the field holds 8");
        assertThatThrownBy(() -> codec.encode(new NewOrder(1, "ÄPFEL", Side.BUY, 1, 1, TimeInForce.DAY), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NewOrder.symbol: character 0 of \"ÄPFEL\" is not ASCII");
        assertThatThrownBy(() -> codec.encode(new NewOrder(1, "A", null, 1, 1, TimeInForce.DAY), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("NewOrder.side is null");
        assertThat(out.toByteArray()).containsExactly(9);
    }

    @Test
    void aMessageThatDoesNotFitTheTailroomIsAFramingException() {
        DatagramBuffer out = DatagramBuffer.allocate(40, 0).writeBytes(new byte[20]);
        assertThatThrownBy(() -> OrderEntryCodecs.newOrder().encode(ORDER, out))
                .isInstanceOf(FramingException.class).hasMessage("NewOrder of 30 bytes does not fit the tailroom of 20");
        assertThat(out.length()).isEqualTo(20);
    }

    @Test
    void badPayloadsAreFramingExceptions() throws FramingException {
        FixedLayoutCodec<NewOrder> codec = OrderEntryCodecs.newOrder();
        assertThatThrownBy(() -> codec.decode(buffer(new byte[31]), 0, 31))
                .isInstanceOf(FramingException.class).hasMessage("NewOrder is 30 bytes, the payload is 31");
        DatagramBuffer b = DatagramBuffer.allocate(64, 0);
        codec.encode(ORDER, b);
        b.setByte(16, 3);
        assertThatThrownBy(() -> codec.decode(b, 0, 30))
                .isInstanceOf(FramingException.class).hasMessage("NewOrder.side: ordinal 3 outside the 3 constants of Side");
        b.setByte(16, 0).setByte(10, 0xC3);
        assertThatThrownBy(() -> codec.decode(b, 0, 30))
                .isInstanceOf(FramingException.class).hasMessage("NewOrder.symbol: byte 2 (0xC3) is not ASCII");
    }

    @Test
    void paddingIsWrittenAsZerosAndSkipped() throws FramingException {
        FixedLayoutCodec<Reject> codec = OrderEntryCodecs.reject();
        DatagramBuffer out = DatagramBuffer.allocate(64, 0);
        Reject reject = new Reject(7, RejectReason.THROTTLED, "slow down");
        codec.encode(reject, out);
        assertThat(out.getByte(9)).isZero();
        assertThat(out.getByte(11)).isZero();
        assertThat(codec.decode(out, 0, codec.size())).isEqualTo(reject);
    }

    @Test
    void aConstructorThatReadsTheWrongKindOrTooFewFieldsIsABug() throws FramingException {
        DatagramBuffer b = buffer(new byte[6]);
        FixedLayoutCodec<Point> wrongKind = FixedLayoutCodec.builder(Point.class)
                .int16("x", Point::x).int32("y", Point::y).build(r -> new Point(r.int16(), (int) r.int64()));
        assertThatThrownBy(() -> wrongKind.decode(b, 0, 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Point's constructor read field 1 'y' as int64, but it is int32");
        FixedLayoutCodec<Point> tooFew = FixedLayoutCodec.builder(Point.class)
                .int16("x", Point::x).int32("y", Point::y).build(r -> new Point(r.int16(), 0));
        assertThatThrownBy(() -> tooFew.decode(b, 0, 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Point's constructor read 1 of 2 fields; 'y' was never read");
    }

    @Test
    void cStyleAsciiPaddingIsTrimmedOnDecode() throws FramingException {
        record Name(String name) {}
        FixedLayoutCodec<Name> codec = FixedLayoutCodec.builder(Name.class).asciiPadding((byte) 0)
                .ascii("name", 6, Name::name).build(r -> new Name(r.ascii()));
        DatagramBuffer out = DatagramBuffer.allocate(16, 0);
        codec.encode(new Name("ab c"), out);
        assertThat(out.toByteArray()).containsExactly('a', 'b', ' ', 'c', 0, 0);
        assertThat(codec.decode(out, 0, 6)).isEqualTo(new Name("ab c"));
    }
}
