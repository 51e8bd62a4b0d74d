package io.salvo.messaging;

/**
 * Counts what the network did to one peer's datagrams, from the 4-byte sequence number each
 * carries (the sender's first is 0): gaps are counted as lost, a number seen before as a duplicate
 * (dropped), an earlier number after a later one as late (delivered, and no longer lost). A window
 * of the last 64 numbers tells duplicates from late arrivals; older stragglers are counted late and
 * stay counted lost. Nothing is repaired: datagram messaging is unreliable, but not silently so.
 *
 * <p>Not thread-safe: the receive side's lock guards it; the counters are readable from anywhere.
 */
final class SequenceTracker {

    private static final int WINDOW = 64;

    private int expected;
    /** Bit i set: number {@code expected - 1 - i} arrived. */
    private long seen;
    volatile long lost;
    volatile long duplicates;
    volatile long late;

    /** Notes {@code sequence}; returns false for a duplicate, which should be dropped. */
    boolean accept(int sequence) {
        int ahead = sequence - expected; // wraps with the numbers
        if (ahead >= 0) {
            lost += ahead;
            seen = ahead + 1 >= WINDOW ? 1 : (seen << (ahead + 1)) | 1;
            expected = sequence + 1;
            return true;
        }
        int back = -ahead - 1;
        if (back >= WINDOW) {
            late++;
            return true;
        }
        long bit = 1L << back;
        if ((seen & bit) != 0) {
            duplicates++;
            return false;
        }
        seen |= bit;
        late++;
        lost--;
        return true;
    }
}
