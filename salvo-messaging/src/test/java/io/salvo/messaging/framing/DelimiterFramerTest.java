package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.testing.FrameWriter;
import org.junit.jupiter.api.Test;

import static io.salvo.messaging.testing.Bytes.ascii;
import static io.salvo.messaging.testing.Bytes.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelimiterFramerTest {

    @Test
    void crlfLinesEndAtTheFirstCrlf() throws FramingException {
        Framer f = Framers.crlfLines(64);
        DatagramBuffer b = buffer(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertThat(f.frameLength(b, 0, b.length())).isEqualTo(16);
        assertThat(f.payloadLength(16)).isEqualTo(14);
        assertThat(f.frameLength(b, 16, b.length() - 16)).isEqualTo(9);
        assertThat(f.frameLength(b, 25, 2)).isEqualTo(2); // an empty line
        assertThat(f.frameLength(b, 0, 15)).isEqualTo(Framer.NEED_MORE); // the \r is in, the \n is not
    }

    @Test
    void eightByteStepsFindTheFirstMatchInEveryLane() throws FramingException {
        Framer f = Framers.lines(64);
        for (int at = 0; at < 40; at++) {
            byte[] bytes = ascii("x".repeat(at) + "\n" + "\n".repeat(8));
            assertThat(f.frameLength(buffer(bytes), 0, bytes.length)).as("newline at %d", at).isEqualTo(at + 1);
        }
        byte[] high = {(byte) 0x8A, (byte) 0xFF, 0x0B, 0x09, (byte) 0x80, 0x0A, 0, 0, 0x0A};
        assertThat(f.frameLength(buffer(high), 0, high.length)).isEqualTo(6);
    }

    @Test
    void noDelimiterWithinTheMaximumIsRejectedExactlyAtTheMaximum() throws FramingException {
        Framer f = Framers.crlfLines(8);
        DatagramBuffer b = buffer(ascii("abcdefg\r\n"));
        assertThat(f.frameLength(b, 0, 7)).isEqualTo(Framer.NEED_MORE);
        // Eight bytes without a whole \r\n: the delimiter could end no earlier than byte 9.
        assertThatThrownBy(() -> f.frameLength(b, 0, 8))
                .isInstanceOf(FramingException.class).hasMessage("no delimiter \\r\\n within the maximum frame size of 8 bytes");
        assertThatThrownBy(() -> f.frameLength(b, 0, 9)).isInstanceOf(FramingException.class);
        assertThat(f.frameLength(buffer(ascii("abcdef\r\n")), 0, 8)).isEqualTo(8);
    }

    @Test
    void examinedBytesAreNotScannedAgainButAStraddlingDelimiterIsFound() throws FramingException {
        Framer f = Framers.crlfLines(64);
        DatagramBuffer b = buffer(ascii("abc\r\nxyz"));
        assertThat(f.frameLength(b, 0, 4, 0)).isEqualTo(Framer.NEED_MORE);
        assertThat(f.frameLength(b, 0, 5, 4)).isEqualTo(5);
        // A lie about the examined bytes shows that they are skipped: the \r\n at 3 is not seen from 5.
        assertThat(f.frameLength(b, 0, 8, 8)).isEqualTo(Framer.NEED_MORE);
    }

    @Test
    void writeFrameAppendsTheDelimiterAndRefusesPayloadsHoldingIt() throws FramingException {
        assertThat(FrameWriter.frame(Framers.crlfLines(16), ascii("hi"))).containsExactly('h', 'i', '\r', '\n');
        assertThat(FrameWriter.frame(Framers.crlfLines(16), ascii("a\r"))).containsExactly('a', '\r', '\r', '\n');
        assertThatThrownBy(() -> FrameWriter.frame(Framers.lines(16), ascii("one\ntwo")))
                .isInstanceOf(FramingException.class).hasMessage("payload contains the delimiter \\n at byte 3");
        // A payload ending in part of a self-overlapping delimiter would end the frame early.
        assertThatThrownBy(() -> FrameWriter.frame(Framers.delimited(16, (byte) '#', (byte) '#'), ascii("ab#")))
                .isInstanceOf(FramingException.class).hasMessage("payload contains the delimiter ## at byte 2");
        assertThatThrownBy(() -> FrameWriter.frame(Framers.lines(4), ascii("abcd")))
                .isInstanceOf(FramingException.class).hasMessage("frame of 5 bytes exceeds the maximum frame size of 4");
    }

    @Test
    void constructorRejectsImpossibleSettings() {
        assertThatThrownBy(() -> Framers.delimited(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delimiter must have at least one byte");
        assertThatThrownBy(() -> Framers.crlfLines(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFrameSize 1 is below the smallest frame of 2 bytes");
    }
}
