package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.testing.FixMessages;
import io.salvo.messaging.testing.FrameWriter;
import org.junit.jupiter.api.Test;

import static io.salvo.messaging.testing.Bytes.buffer;
import static io.salvo.messaging.testing.FixMessages.soh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixFramerTest {

    private static final byte[] BODY = soh("35=0|49=A|56=B|34=2|52=20240101-00:00:00|");

    @Test
    void readsBodyLengthAndTheChecksumField() throws FramingException {
        byte[] frame = FixMessages.canonical("FIX.4.4", BODY);
        Framer f = Framers.fix("FIX.4.4", 256, true);
        DatagramBuffer b = buffer(frame);
        assertThat(f.frameLength(b, 0, frame.length)).isEqualTo(frame.length);
        for (int k = 0; k < frame.length; k++) {
            assertThat(f.frameLength(b, 0, k)).as("%d bytes", k).isEqualTo(Framer.NEED_MORE);
        }
        assertThat(f.payloadOffset(b, 0, frame.length)).isEqualTo(("8=FIX.4.4|9=" + BODY.length + "|").length());
        assertThat(f.payloadLength(b, 0, frame.length)).isEqualTo(BODY.length);
    }

    @Test
    void writesZeroPaddedBodyLengthAndAChecksumAnotherEngineAgreesWith() throws FramingException {
        Framer f = Framers.fix("FIX.4.4", 4096, true);
        byte[] frame = FrameWriter.frame(f, BODY);
        byte[] canonical = FixMessages.withBodyLength("FIX.4.4", String.format("%04d", BODY.length), BODY);
        assertThat(frame).containsExactly(canonical);
        assertThat(f.headerLength()).isEqualTo("8=FIX.4.4|9=0000|".length());
        DatagramBuffer b = buffer(frame);
        assertThat(f.frameLength(b, 0, frame.length)).isEqualTo(frame.length);
        assertThat(f.payloadOffset(b, 0, frame.length)).isEqualTo(f.headerLength());
    }

    @Test
    void aWrongBeginStringIsRejectedAtItsFirstWrongByte() {
        Framer f = Framers.fix("FIX.4.4", 256);
        assertThatThrownBy(() -> f.frameLength(buffer(soh("8=FIX.4.2")), 0, 9))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX frame must start with 8=FIX.4.4\\x019=: byte 8 is 2");
        assertThatThrownBy(() -> f.frameLength(buffer(soh("GET")), 0, 1))
                .isInstanceOf(FramingException.class).hasMessage("FIX frame must start with 8=FIX.4.4\\x019=: byte 0 is G");
    }

    @Test
    void badBodyLengthsAreRejected() {
        Framer f = Framers.fix("FIX.4.4", 256);
        assertThatThrownBy(() -> f.frameLength(buffer(soh("8=FIX.4.4|9=1x")), 0, 14))
                .isInstanceOf(FramingException.class).hasMessage("FIX BodyLength (9=) holds x at byte 13, not a digit");
        assertThatThrownBy(() -> f.frameLength(buffer(soh("8=FIX.4.4|9=-5|")), 0, 13))
                .isInstanceOf(FramingException.class).hasMessage("FIX BodyLength (9=) holds - at byte 12, not a digit");
        assertThatThrownBy(() -> f.frameLength(buffer(soh("8=FIX.4.4|9=|")), 0, 13))
                .isInstanceOf(FramingException.class).hasMessage("FIX BodyLength (9=) has no digits");
        assertThatThrownBy(() -> f.frameLength(buffer(soh("8=FIX.4.4|9=240")), 0, 15))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX frame of at least 263 bytes (BodyLength 240 so far) exceeds the maximum frame size of 256");
        // Leading zeros are legal, but not without end.
        byte[] zeros = soh("8=FIX.4.4|9=" + "0".repeat(300));
        assertThatThrownBy(() -> f.frameLength(buffer(zeros), 0, zeros.length))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX frame of at least 257 bytes (BodyLength 0 so far) exceeds the maximum frame size of 256");
    }

    @Test
    void aMissingOrMalformedChecksumFieldIsRejected() {
        Framer f = Framers.fix("FIX.4.4", 256);
        byte[] noChecksum = soh("8=FIX.4.4|9=5|35=0|11=123|");
        assertThatThrownBy(() -> f.frameLength(buffer(noChecksum), 0, noChecksum.length))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX CheckSum field 10=NNN\\x01 expected at byte 19 after a body of 5 bytes, found 11=123\\x01");
        byte[] shortChecksum = soh("8=FIX.4.4|9=5|35=0|10=12|x");
        assertThatThrownBy(() -> f.frameLength(buffer(shortChecksum), 0, shortChecksum.length))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX CheckSum field 10=NNN\\x01 expected at byte 19 after a body of 5 bytes, found 10=12\\x01x");
    }

    @Test
    void aWrongChecksumIsRejectedOnlyWhenVerifying() throws FramingException {
        byte[] frame = FixMessages.canonical("FIX.4.4", BODY);
        int sum = Integer.parseInt(new String(frame, frame.length - 4, 3, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] wrong = frame.clone();
        String bad = String.format("%03d", (sum + 1) % 256);
        for (int i = 0; i < 3; i++) {
            wrong[wrong.length - 4 + i] = (byte) bad.charAt(i);
        }
        assertThat(Framers.fix("FIX.4.4", 256).frameLength(buffer(wrong), 0, wrong.length)).isEqualTo(wrong.length);
        assertThatThrownBy(() -> Framers.fix("FIX.4.4", 256, true).frameLength(buffer(wrong), 0, wrong.length))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX CheckSum " + bad + " does not match the computed " + String.format("%03d", sum));
    }

    @Test
    void writeFrameRefusesABodyThatDoesNotEndWithSohAndFramesOverTheMaximum() {
        Framer f = Framers.fix("FIX.4.4", 64);
        assertThatThrownBy(() -> FrameWriter.frame(f, soh("35=0|49=A")))
                .isInstanceOf(FramingException.class)
                .hasMessage("FIX body must end with SOH (\\x01) before the CheckSum field; its last byte is A");
        assertThatThrownBy(() -> FrameWriter.frame(f, new byte[50]))
                .isInstanceOf(FramingException.class).hasMessage("frame of 72 bytes exceeds the maximum frame size of 64");
    }

    @Test
    void theFrameLengthAloneCannotPlaceThePayload() {
        assertThatThrownBy(() -> Framers.fix("FIX.4.4", 64).payloadOffset(40))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
