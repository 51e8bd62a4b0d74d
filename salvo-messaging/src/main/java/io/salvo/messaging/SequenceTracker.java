package io.salvo.messaging;

/**
 * Counts what the network did to one peer's datagrams, from the 4-byte sequence number each
 * carries (the sender's first is 0): gaps are counted as lost, a number seen before as a duplicate
 * (dropped), an earlier number after a later one as late (delivered, and no longer lost). A window
 * of the last 1024 numbers tells duplicates from late arrivals; a straggler older than that is
 * counted late and stays counted lost (and a duplicate that old is not recognised). Nothing is
 * repaired: datagram messaging is unreliable, but not silently so.
 *
 * <p>Not thread-safe: the receive side's lock guards it; the counters are readable from anywhere.
 * Allocation-free.
 */
final class SequenceTracker {

    static final int WINDOW = 1024;

    private int expected;
    /** Bit {@code s % WINDOW} set: number {@code s} in {@code (expected - WINDOW, expected)} arrived. */
    private final long[] seen = new long[WINDOW / 64];
    volatile long lost;
    volatile long duplicates;
    volatile long late;

    /** Notes {@code sequence}; returns false for a duplicate, which should be dropped. */
    boolean accept(int sequence) {
        int ahead = sequence - expected; // wraps with the numbers
        if (ahead >= 0) {
            lost += ahead;
            if (ahead >= WINDOW) {
                java.util.Arrays.fill(seen, 0);
            } else {
                for (int s = expected; s != sequence; s++) {
                    clear(s); // these positions last held numbers a window ago
                }
            }
            set(sequence);
            expected = sequence + 1;
            return true;
        }
        if (-ahead > WINDOW - 1) {
            late++;
            return true;
        }
        if (isSet(sequence)) {
            duplicates++;
            return false;
        }
        set(sequence);
        late++;
        lost--;
        return true;
    }

    private void set(int s) {
        int bit = s & (WINDOW - 1);
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(int s) {
        int bit = s & (WINDOW - 1);
        seen[bit >>> 6] &= ~(1L << bit);
    }

    private boolean isSet(int s) {
        int bit = s & (WINDOW - 1);
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }
}
