package io.salvo.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceTrackerTest {

    @Test
    void gapsAreLostUntilTheMissingOnesArriveLate() {
        SequenceTracker t = new SequenceTracker();
        assertThat(t.accept(0)).isTrue();
        assertThat(t.accept(3)).isTrue();
        assertThat(t.lost).isEqualTo(2);
        assertThat(t.accept(1)).isTrue();
        assertThat(t.lost).isEqualTo(1);
        assertThat(t.late).isEqualTo(1);
        assertThat(t.accept(1)).as("a duplicate of a late one").isFalse();
        assertThat(t.accept(3)).as("a duplicate of the newest").isFalse();
        assertThat(t.duplicates).isEqualTo(2);
        assertThat(t.lost).isEqualTo(1);
    }

    @Test
    void aLostFirstMessageIsCountedAndNumbersWrapAround() {
        SequenceTracker t = new SequenceTracker();
        assertThat(t.accept(2)).isTrue();
        assertThat(t.lost).isEqualTo(2);
        SequenceTracker wrapping = new SequenceTracker();
        for (long s = 0; s < (1L << 32) + 10; s += 1 << 20) {
            wrapping.accept((int) s); // every 2^20th: gaps, across the wrap
        }
        assertThat(wrapping.duplicates).isZero();
        assertThat(wrapping.late).isZero();
    }

    @Test
    void stragglersOlderThanTheWindowAreLateAndStayLost() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        t.accept(SequenceTracker.WINDOW + 5);
        long lost = t.lost;
        assertThat(t.accept(1)).isTrue();
        assertThat(t.late).isEqualTo(1);
        assertThat(t.lost).isEqualTo(lost);
        assertThat(t.accept(SequenceTracker.WINDOW + 4)).isTrue();
        assertThat(t.lost).isEqualTo(lost - 1);
        assertThat(t.accept(SequenceTracker.WINDOW + 4)).isFalse();
    }
}
