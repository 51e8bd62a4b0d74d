package io.salvo.perf.sequence;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bitmap window classifies every arrival exactly as the documented rule does when written with
 * an unbounded set: in order above the highest, late at a window or more below it, else duplicate
 * if seen, else out of order.
 */
class SequenceWindowProperties {

    /** The documented rule, with a set that never forgets. */
    private static final class Rule {
        private final Set<Long> seen = new HashSet<>();
        private final int size;
        private long highest = -1;

        Rule(int size) {
            this.size = size;
        }

        int classify(long sequence) {
            if (sequence > highest) {
                highest = sequence;
                seen.add(sequence);
                return SequenceWindow.IN_ORDER;
            }
            if (highest - sequence >= size) {
                return SequenceWindow.LATE;
            }
            return seen.add(sequence) ? SequenceWindow.OUT_OF_ORDER : SequenceWindow.DUPLICATE;
        }
    }

    @Property(tries = 300)
    void classifiesLikeTheRuleForScatteredArrivals(@ForAll("sizes") int size,
                                                   @ForAll @Size(max = 3000) List<@LongRange(min = 0, max = 2000) Long> arrivals) {
        assertSameClassification(size, arrivals);
    }

    /** A stream that mostly advances, sometimes repeats, falls back, or jumps past the whole window. */
    @Property(tries = 300)
    void classifiesLikeTheRuleForAStreamWithJumpsAndStragglers(@ForAll("sizes") int size,
                                                               @ForAll @Size(max = 3000) List<@IntRange(min = -400, max = 400) Integer> steps) {
        List<Long> arrivals = new ArrayList<>();
        long at = 0;
        long next = 0;
        for (int step : steps) {
            if (step > 100 || step < -100) {
                at = Math.max(0, next + step); // a straggler or a jump
            } else {
                at = next++;
                if (step % 7 == 0 && !arrivals.isEmpty()) {
                    arrivals.add(arrivals.getLast()); // a copy
                }
            }
            arrivals.add(at);
        }
        assertSameClassification(size, arrivals);
    }

    @Property(tries = 50)
    void aPermutationWithinTheWindowIsEveryNumberOnceAndNothingElse(@ForAll("sizes") int size, @ForAll long seed) {
        int n = size * 3;
        List<Long> arrivals = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            arrivals.add(i);
        }
        java.util.Random random = new java.util.Random(seed);
        // Shuffle within blocks of half a window: reordered, never late.
        for (int from = 0; from < n; from += size / 2) {
            java.util.Collections.shuffle(arrivals.subList(from, Math.min(n, from + size / 2)), random);
        }
        SequenceWindow w = new SequenceWindow(size);
        int[] counts = new int[4];
        for (long s : arrivals) {
            counts[w.classify(s)]++;
        }
        assertThat(counts[SequenceWindow.IN_ORDER] + counts[SequenceWindow.OUT_OF_ORDER]).isEqualTo(n);
        assertThat(counts[SequenceWindow.DUPLICATE]).isZero();
        assertThat(counts[SequenceWindow.LATE]).isZero();
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(64, 128, 256, 1024);
    }

    private static void assertSameClassification(int size, List<Long> arrivals) {
        SequenceWindow window = new SequenceWindow(size);
        Rule rule = new Rule(size);
        for (int i = 0; i < arrivals.size(); i++) {
            long s = arrivals.get(i);
            assertThat(window.classify(s)).as("arrival %d: %d", i, s).isEqualTo(rule.classify(s));
        }
    }
}
