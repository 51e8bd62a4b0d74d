package io.salvo.bench.tcp;

import io.salvo.buffer.DatagramBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-place frame walk and the compaction of the partial frame the Salvo receivers rely on. */
class SalvoFramesTest {

    @Test
    void completeFramesStopsBeforeAPartialFrame() {
        DatagramBuffer b = DatagramBuffer.allocate(Frames.BIG, 0);
        b.writeInt(8).writeLong(1).writeInt(12).writeLong(2).writeInt(3).writeInt(8).writeLong(3);
        assertThat(SalvoFrames.completeFrames(b)).isEqualTo(12 + 16 + 12);
        b.truncate(12 + 16 + 11); // the third frame less one byte
        assertThat(SalvoFrames.completeFrames(b)).isEqualTo(12 + 16);
        b.truncate(12 + 16 + 2); // half a length field
        assertThat(SalvoFrames.completeFrames(b)).isEqualTo(12 + 16);
        b.truncate(5); // a length field and one payload byte
        assertThat(SalvoFrames.completeFrames(b)).isZero();
    }

    @Test
    void compactMovesThePartialFrameToTheFrontAndResetsADrainedBuffer() {
        DatagramBuffer b = DatagramBuffer.allocate(Frames.BIG, 0);
        b.setWindow(0, Frames.BIG - 100).setInt(Frames.BIG - 100 - 12, 64).setLong(Frames.BIG - 100 - 8, 42);
        b.advance(Frames.BIG - 100 - 12); // 12 bytes left: the start of a 64-byte frame
        SalvoFrames.compact(b);
        assertThat(b.start()).isZero();
        assertThat(b.length()).isEqualTo(12);
        assertThat(b.getInt(0)).isEqualTo(64);
        assertThat(b.getLong(4)).isEqualTo(42);

        b.advance(12);
        SalvoFrames.compact(b);
        assertThat(b.start()).isZero();
        assertThat(b.isEmpty()).isTrue();

        b.setWindow(100, 110).setInt(0, 7);
        SalvoFrames.compact(b);
        assertThat(b.start()).isZero();
        assertThat(b.length()).isEqualTo(10);
        assertThat(b.getInt(0)).isEqualTo(7);
    }

    @Test
    void aLengthOutOfRangeIsRefused() {
        DatagramBuffer b = DatagramBuffer.allocate(64, 0).writeInt(-1).writeLong(0);
        assertThatThrownBy(() -> SalvoFrames.completeFrames(b)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of range");
    }
}
