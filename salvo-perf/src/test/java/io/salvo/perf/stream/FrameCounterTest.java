package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.SequenceHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-place frame walk: whole frames counted, partial ones left, oversized ones counted and skipped, damage seen. */
class FrameCounterTest {

    private static void dataFrame(DatagramBuffer b, int size, boolean measured, long sequence) {
        b.writeInt(size).writeByte(StreamWire.DATA).writeLong(SequenceHeader.stamp(0, measured, sequence));
        for (int i = SequenceHeader.BYTES; i < size; i++) {
            b.writeByte(i);
        }
    }

    @Test
    void countsAFrameOnceItsHeaderIsInAndSkipsTheRestAsItComes() throws Exception {
        DatagramBuffer b = DatagramBuffer.allocate(1024, 0);
        dataFrame(b, 20, false, 0);
        dataFrame(b, 20, true, 1);
        b.writeInt(20).writeByte(StreamWire.DATA); // the start of frame 2: its header is not in yet
        FrameCounter c = new FrameCounter(false);
        c.consume(b);
        c.publish();
        assertThat(c.frames()).isEqualTo(2);
        assertThat(c.measured()).isEqualTo(1);
        assertThat(c.payloadBytes()).isEqualTo(40);
        assertThat(b.length()).as("the incomplete header waits").isEqualTo(5);

        b.writeLong(SequenceHeader.stamp(0, true, 2)); // now the header is in, 11 payload bytes still to come
        c.consume(b);
        c.publish();
        assertThat(c.frames()).isEqualTo(3);
        assertThat(b.isEmpty()).as("nothing kept for a frame already counted").isTrue();

        Length32.compact(b);
        b.writeBytes(new byte[11]); // the rest of frame 2, then frame 3
        dataFrame(b, 9, true, 3);
        c.consume(b);
        c.publish();
        assertThat(c.frames()).isEqualTo(4);
        assertThat(c.measured()).isEqualTo(3);
        assertThat(c.payloadBytes()).isEqualTo(69);
        assertThat(c.outOfSequence()).isZero();
        assertThat(c.unrecognised()).isZero();
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void aSequenceGapOrRepeatIsDamageAndAForeignFrameIsUnrecognised() throws Exception {
        DatagramBuffer b = DatagramBuffer.allocate(1024, 0);
        dataFrame(b, 9, true, 0);
        dataFrame(b, 9, true, 2); // 1 missing
        dataFrame(b, 9, true, 2); // repeated
        b.writeInt(3).writeByte(7).writeByte(7).writeByte(7); // too short for a header
        b.writeInt(12).writeByte(42).writeBytes(new byte[11]); // another type
        FrameCounter c = new FrameCounter(false);
        c.consume(b);
        c.publish();
        assertThat(c.frames()).isEqualTo(5);
        assertThat(c.outOfSequence()).isEqualTo(2);
        assertThat(c.unrecognised()).isEqualTo(2);
    }

    @Test
    void aFrameLargerThanTheBufferIsCountedFromItsHeaderAndItsRestSkipped() throws Exception {
        DatagramBuffer b = DatagramBuffer.allocate(64, 0);
        int size = 200;
        b.writeInt(size).writeByte(StreamWire.DATA).writeLong(SequenceHeader.stamp(0, true, 0)).writeBytes(new byte[20]);
        FrameCounter c = new FrameCounter(false);
        c.consume(b);
        assertThat(b.isEmpty()).isTrue();
        int left = size - 29;
        while (left > 0) { // the rest arrives in pieces, then the next frame
            Length32.compact(b);
            int n = Math.min(left, 50);
            b.writeBytes(new byte[n]);
            left -= n;
            c.consume(b);
        }
        Length32.compact(b);
        dataFrame(b, 9, true, 1);
        c.consume(b);
        c.publish();
        assertThat(c.frames()).isEqualTo(2);
        assertThat(c.measured()).isEqualTo(2);
        assertThat(c.outOfSequence()).isZero();
        assertThat(c.payloadBytes()).isEqualTo(size + 9);
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void aServerStopsInFrontOfControlFramesAndHonoursEchoOnlyFirst() throws Exception {
        DatagramBuffer b = DatagramBuffer.allocate(256, 0);
        dataFrame(b, 9, false, 0);
        StreamWire.writeControl(b, StreamWire.REPORT);
        StreamWire.writeControl(b, StreamWire.ECHO);
        FrameCounter c = new FrameCounter(true);
        c.consume(b);
        assertThat(c.pendingControl()).isEqualTo(StreamWire.REPORT);
        b.advance(Length32.HEADER + StreamWire.CONTROL_PAYLOAD);
        c.consume(b);
        c.publish();
        assertThat(c.pendingControl()).isEqualTo(FrameCounter.NONE);
        assertThat(c.frames()).as("a late ECHO hello is an ordinary frame").isEqualTo(2);

        DatagramBuffer first = StreamWire.writeControl(DatagramBuffer.allocate(64, 0), StreamWire.ECHO);
        FrameCounter fresh = new FrameCounter(true);
        fresh.consume(first);
        assertThat(fresh.pendingControl()).isEqualTo(StreamWire.ECHO);
        assertThat(first.length()).as("left in place for the echo").isEqualTo(13);
    }

    @Test
    void anImpossibleLengthIsAnotherFraming() {
        DatagramBuffer b = DatagramBuffer.allocate(64, 0).writeInt(-5).writeInt(0);
        assertThatThrownBy(() -> new FrameCounter(false).consume(b)).isInstanceOf(FramingException.class)
                .hasMessageContaining("not length32 framing");
    }
}
