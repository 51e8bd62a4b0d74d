package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.framing.LengthPrefixedFramer.LengthCounts;
import io.salvo.messaging.testing.FrameWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static io.salvo.messaging.testing.Bytes.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthPrefixedFramerTest {

    @Test
    void twoByteBigEndianLengthCountsThePayload() throws FramingException {
        Framer f = Framers.lengthPrefixed(2, 100);
        DatagramBuffer b = buffer(0, 3, 'a', 'b', 'c', 0, 0);
        assertThat(f.frameLength(b, 0, 1)).isEqualTo(Framer.NEED_MORE);
        assertThat(f.frameLength(b, 0, 4)).isEqualTo(Framer.NEED_MORE);
        assertThat(f.frameLength(b, 0, 5)).isEqualTo(5);
        assertThat(f.frameLength(b, 5, 2)).isEqualTo(2); // an empty payload is a frame too
        assertThat(f.payloadOffset(5)).isEqualTo(2);
        assertThat(f.payloadLength(5)).isEqualTo(3);
    }

    @Test
    void littleEndianLengthAfterATypeByteCountingItself() throws FramingException {
        // PostgreSQL-like: type byte, then a length that counts itself and the payload.
        Framer f = Framers.lengthPrefixed(100).lengthFieldOffset(1).lengthFieldSize(4).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .lengthCounts(LengthCounts.LENGTH_FIELD_AND_PAYLOAD).build();
        DatagramBuffer b = buffer('Q', 6, 0, 0, 0, 'h', 'i');
        assertThat(f.frameLength(b, 0, 7)).isEqualTo(7);
        assertThat(f.payloadOffset(7)).isEqualTo(5);
        assertThat(f.payloadLength(7)).isEqualTo(2);
    }

    @Test
    void wholeFrameLengthWithEightByteField() throws FramingException {
        Framer f = Framers.lengthPrefixed(100).lengthFieldSize(8).lengthCounts(LengthCounts.WHOLE_FRAME).build();
        DatagramBuffer b = buffer(0, 0, 0, 0, 0, 0, 0, 9, 'x');
        assertThat(f.frameLength(b, 0, 9)).isEqualTo(9);
        assertThat(f.payloadLength(9)).isEqualTo(1);
    }

    @Test
    void negativeFourByteLengthIsRejected() {
        Framer f = Framers.lengthPrefixed(4, 100);
        assertThatThrownBy(() -> f.frameLength(buffer(0xFF, 0xFF, 0xFF, 0xFF), 0, 4))
                .isInstanceOf(FramingException.class).hasMessage("negative length -1 in the 4-byte length field");
    }

    @Test
    void negativeEightByteLengthIsRejected() {
        Framer f = Framers.lengthPrefixed(8, 100);
        assertThatThrownBy(() -> f.frameLength(buffer(0x80, 0, 0, 0, 0, 0, 0, 0), 0, 8))
                .isInstanceOf(FramingException.class)
                .hasMessage("negative length -9223372036854775808 in the 8-byte length field");
    }

    @Test
    void lengthOverTheMaximumIsRejectedAsSoonAsTheHeaderIsIn() {
        Framer f = Framers.lengthPrefixed(2, 100);
        assertThatThrownBy(() -> f.frameLength(buffer(0, 99), 0, 2))
                .isInstanceOf(FramingException.class)
                .hasMessage("frame of 101 bytes (length field 99) exceeds the maximum frame size of 100");
    }

    @Test
    void lengthThatCannotCoverTheHeaderItCountsIsRejected() {
        Framer whole = Framers.lengthPrefixed(100).lengthFieldOffset(1).lengthFieldSize(2)
                .lengthCounts(LengthCounts.WHOLE_FRAME).build();
        assertThatThrownBy(() -> whole.frameLength(buffer('T', 0, 2), 0, 3))
                .isInstanceOf(FramingException.class).hasMessage("length 2 is smaller than the 3 header bytes it counts");
        Framer itself = Framers.lengthPrefixed(100).lengthFieldOffset(1).lengthFieldSize(4)
                .lengthCounts(LengthCounts.LENGTH_FIELD_AND_PAYLOAD).build();
        assertThatThrownBy(() -> itself.frameLength(buffer('T', 0, 0, 0, 3), 0, 5))
                .isInstanceOf(FramingException.class).hasMessage("length 3 is smaller than the 4 header bytes it counts");
    }

    @Test
    void writeFrameFillsTheLengthFieldInPlace() throws FramingException {
        Framer f = Framers.lengthPrefixed(100).lengthFieldOffset(1).lengthFieldSize(2).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .lengthCounts(LengthCounts.WHOLE_FRAME).build();
        assertThat(FrameWriter.frame(f, new byte[] {7, 8})).containsExactly(0, 5, 0, 7, 8);
    }

    @Test
    void codecThatSeesTheHeaderWritesThePreambleAndGetsTheWholeFrame() throws FramingException {
        Framer f = Framers.lengthPrefixed(100).lengthFieldOffset(1).lengthFieldSize(4)
                .lengthCounts(LengthCounts.LENGTH_FIELD_AND_PAYLOAD).codecSeesHeader().build();
        assertThat(f.headerLength()).isZero();
        byte[] frame = FrameWriter.frame(f, new byte[] {'Q', 0, 0, 0, 0, 'h', 'i'});
        assertThat(frame).containsExactly('Q', 0, 0, 0, 6, 'h', 'i');
        assertThat(f.payloadOffset(7)).isZero();
        assertThat(f.payloadLength(7)).isEqualTo(7);
        assertThatThrownBy(() -> FrameWriter.frame(f, new byte[] {'Q', 0}))
                .isInstanceOf(FramingException.class).hasMessage("frame of 2 bytes is shorter than its 5-byte header");
    }

    @Test
    void writeFrameRefusesFramesOverTheMaximumOrTheField() {
        assertThatThrownBy(() -> FrameWriter.frame(Framers.lengthPrefixed(2, 10), new byte[9]))
                .isInstanceOf(FramingException.class).hasMessage("frame of 11 bytes exceeds the maximum frame size of 10");
        assertThatThrownBy(() -> FrameWriter.frame(Framers.lengthPrefixed(1, 1000), new byte[256]))
                .isInstanceOf(FramingException.class).hasMessage("length 256 does not fit the 1-byte length field");
    }

    @Test
    void builderRejectsImpossibleSettings() {
        assertThatThrownBy(() -> Framers.lengthPrefixed(100).lengthFieldSize(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("length field size must be 1, 2, 4 or 8 bytes, got 3");
        assertThatThrownBy(() -> Framers.lengthPrefixed(4).lengthFieldOffset(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFrameSize 4 is below the smallest frame of 5 bytes");
        assertThatThrownBy(() -> Framers.lengthPrefixed(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFrameSize must be > 0, got 0");
    }

    @Test
    void askingPastThePayloadIsTheCallersBug() {
        Framer f = Framers.lengthPrefixed(2, 100);
        assertThatThrownBy(() -> f.frameLength(buffer(0, 1, 2), 1, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("bytes [1, 4) outside the payload of 3 bytes");
        assertThatThrownBy(() -> f.frameLength(buffer(0, 1, 2), 0, 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("examined 4 outside [0, 3]");
    }
}
