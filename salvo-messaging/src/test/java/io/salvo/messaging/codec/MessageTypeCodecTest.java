package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.orderentry.OrderEntry;
import io.salvo.messaging.codec.orderentry.OrderEntry.Heartbeat;
import io.salvo.messaging.codec.orderentry.OrderEntry.Login;
import io.salvo.messaging.codec.orderentry.OrderEntryCodecs;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static io.salvo.messaging.testing.Bytes.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTypeCodecTest {

    sealed interface Shape permits Dot, Blob {}

    record Dot(int x) implements Shape {}

    record Blob(int size) implements Shape {}

    @Test
    void theTypeByteLeadsAndTheBodyFollows() throws FramingException {
        MessageTypeCodec<OrderEntry> codec = OrderEntryCodecs.protocol();
        DatagramBuffer out = DatagramBuffer.allocate(64, 0);
        codec.encode(new Heartbeat(), out);
        codec.encode(new Login("ann", "pw", 7), out);
        assertThat(out.getByte(0)).isEqualTo((byte) 'H');
        assertThat(out.getByte(1)).isEqualTo((byte) 'L');
        assertThat(out.length()).isEqualTo(1 + 1 + 24);
        assertThat(codec.decode(out, 0, 1)).isEqualTo(new Heartbeat());
        assertThat(codec.decode(out, 1, 25)).isEqualTo(new Login("ann", "pw", 7));
        assertThat(codec.isFlyweight()).isFalse();
    }

    @Test
    void unknownTypesAndPayloadsWithoutATypeAreFramingExceptions() {
        MessageTypeCodec<OrderEntry> codec = OrderEntryCodecs.protocol();
        assertThatThrownBy(() -> codec.decode(buffer('Z'), 0, 1))
                .isInstanceOf(FramingException.class)
                .hasMessage("unknown OrderEntry message type 90; known: [65, 72, 74, 76, 79]");
        assertThatThrownBy(() -> codec.decode(buffer('H'), 0, 0))
                .isInstanceOf(FramingException.class).hasMessage("a payload of 0 bytes has no room for the 1-byte message type");
        assertThatThrownBy(() -> codec.decode(buffer('H', 0), 0, 2))
                .isInstanceOf(FramingException.class).hasMessage("Heartbeat is 0 bytes, the payload is 1");
    }

    @Test
    void aFailedBodyTakesTheTypeBackToo() {
        MessageTypeCodec<OrderEntry> codec = OrderEntryCodecs.protocol();
        DatagramBuffer out = DatagramBuffer.allocate(10, 0);
        assertThatThrownBy(() -> codec.encode(new Login("ann", "pw", 7), out))
                .isInstanceOf(FramingException.class).hasMessage("Login of 24 bytes does not fit the tailroom of 9");
        assertThat(out.length()).isZero();
    }

    @Test
    void twoByteLittleEndianTypesAndSupertypeRegistration() throws FramingException {
        Codec<Dot> dots = FixedLayoutCodec.builder(Dot.class).int32("x", Dot::x).build(r -> new Dot(r.int32()));
        Codec<Shape> blobs = FixedLayoutCodec.builder(Shape.class).int32("size", s -> ((Blob) s).size())
                .build(r -> new Blob(r.int32()));
        MessageTypeCodec<Shape> codec = MessageTypeCodec.builder(Shape.class).typeFieldSize(2).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .register(0x0102, Dot.class, dots)
                .register(0x0304, Shape.class, blobs)
                .build();
        DatagramBuffer out = DatagramBuffer.allocate(32, 0);
        codec.encode(new Dot(5), out);
        codec.encode(new Blob(6), out); // no exact match: the registered supertype takes it
        assertThat(out.toByteArray()).containsExactly(2, 1, 0, 0, 0, 5, 4, 3, 0, 0, 0, 6);
        assertThat(codec.decode(out, 0, 6)).isEqualTo(new Dot(5));
        assertThat(codec.decode(out, 6, 6)).isEqualTo(new Blob(6));
    }

    @Test
    void registrationMistakesAreRefused() {
        assertThatThrownBy(() -> MessageTypeCodec.builder(OrderEntry.class).register(256, Heartbeat.class, OrderEntryCodecs.heartbeat()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("type 256 does not fit a 1-byte type field [0, 255]");
        assertThatThrownBy(() -> MessageTypeCodec.builder(OrderEntry.class)
                .register(1, Heartbeat.class, OrderEntryCodecs.heartbeat())
                .register(1, Login.class, OrderEntryCodecs.login()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("type 1 is registered already for Heartbeat");
        assertThatThrownBy(() -> MessageTypeCodec.builder(OrderEntry.class).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("register at least one message type");
        MessageTypeCodec<OrderEntry> onlyHeartbeats = MessageTypeCodec.builder(OrderEntry.class)
                .register(1, Heartbeat.class, OrderEntryCodecs.heartbeat()).build();
        assertThatThrownBy(() -> onlyHeartbeats.encode(new Login("a", "b", 1), DatagramBuffer.allocate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no OrderEntry codec registered for " + Login.class.getName());
    }
}
