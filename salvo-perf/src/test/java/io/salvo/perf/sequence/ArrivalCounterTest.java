package io.salvo.perf.sequence;

import io.salvo.buffer.DatagramBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The receive side's counting: by sender, by the datagram's own window bit, GRO super-buffers split. */
class ArrivalCounterTest {

    private static DatagramBuffer datagram(int size, int sender, boolean measured, long sequence) {
        DatagramBuffer b = DatagramBuffer.allocate(size, 0).writeBytes(new byte[size]);
        SequenceHeader.write(b, 0, sender, measured, sequence);
        return b;
    }

    @Test
    void countsEachArrivalInTheWindowItWasSentIn() {
        ArrivalCounter c = new ArrivalCounter(64);
        c.record(datagram(20, 0, false, 0), 0);
        c.record(datagram(20, 0, false, 1), 0);
        c.record(datagram(20, 0, true, 3), 0);
        c.record(datagram(20, 0, true, 2), 0); // out of order
        c.record(datagram(20, 0, true, 3), 0); // a copy
        c.record(datagram(20, 0, false, 1), 0); // a copy of a warm-up datagram
        c.publish();
        assertThat(c.measured()).isEqualTo(new Arrivals(2, 1, 1, 0, 0));
        assertThat(c.all()).isEqualTo(new Arrivals(4, 1, 2, 0, 0));
    }

    @Test
    void sendersHaveSeparateSequenceSpaces() {
        ArrivalCounter c = new ArrivalCounter(64);
        c.record(datagram(20, 0, true, 5), 0);
        c.record(datagram(20, 1, true, 5), 0);
        c.record(datagram(20, 1, true, 4), 0);
        c.record(datagram(20, 127, true, 0), 0);
        c.publish();
        assertThat(c.measured()).isEqualTo(new Arrivals(4, 1, 0, 0, 0));
    }

    @Test
    void aGroSuperBufferCountsEverySegmentAndAShortLastOne() {
        int segment = 100;
        DatagramBuffer superBuffer = DatagramBuffer.allocate(350, 0).writeBytes(new byte[350]);
        for (int k = 0; k < 4; k++) {
            SequenceHeader.write(superBuffer, k * segment, 2, true, 10 + k);
        }
        ArrivalCounter c = new ArrivalCounter(64);
        assertThat(c.record(superBuffer, segment)).isEqualTo(4);
        assertThat(c.record(superBuffer, segment)).isEqualTo(4); // the same four again
        c.publish();
        assertThat(c.measured()).isEqualTo(new Arrivals(4, 0, 4, 0, 0));
    }

    @Test
    void datagramsWithoutAHeaderAreUnrecognisedNotIgnored() {
        ArrivalCounter c = new ArrivalCounter(64);
        c.record(DatagramBuffer.allocate(8, 0).writeBytes(new byte[8]), 0);
        c.record(DatagramBuffer.allocate(20, 0).writeByte(7).writeBytes(new byte[19]), 0);
        c.record(DatagramBuffer.allocate(1, 0), 0); // empty
        c.publish();
        assertThat(c.measured().unrecognised()).isEqualTo(3);
        assertThat(c.all().total()).isEqualTo(3);
    }

    @Test
    void countsAreInvisibleUntilPublished() {
        ArrivalCounter c = new ArrivalCounter(64);
        c.record(datagram(20, 0, true, 0), 0);
        assertThat(c.measured()).isEqualTo(Arrivals.NONE);
        c.publish();
        assertThat(c.measured().unique()).isEqualTo(1);
    }

    @Test
    void stampsKeepTheirFields() {
        long stamp = SequenceHeader.stamp(127, true, (1L << 56) - 1);
        assertThat(SequenceHeader.measured(stamp)).isTrue();
        assertThat(SequenceHeader.sender(stamp)).isEqualTo(127);
        assertThat(SequenceHeader.sequence(stamp)).isEqualTo((1L << 56) - 1);
        long plain = SequenceHeader.stamp(0, false, 42);
        assertThat(SequenceHeader.measured(plain)).isFalse();
        assertThat(SequenceHeader.sender(plain)).isZero();
        assertThat(SequenceHeader.sequence(plain)).isEqualTo(42);
        assertThatThrownBy(() -> SequenceHeader.stamp(128, true, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowSizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new SequenceWindow(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalCounter(32)).isInstanceOf(IllegalArgumentException.class);
    }
}
