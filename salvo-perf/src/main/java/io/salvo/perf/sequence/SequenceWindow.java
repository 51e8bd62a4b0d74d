package io.salvo.perf.sequence;

import java.util.Arrays;

/**
 * Tells first arrivals from copies for one sender's sequence numbers, in constant memory and
 * without allocating: a ring of bits remembering which of the last {@link #size()} sequence
 * numbers below the highest one seen have arrived.
 *
 * <p>Each arrival is classified as exactly one of:
 * <ul>
 *   <li>{@link #IN_ORDER}: higher than every sequence number seen before (the first ever too);</li>
 *   <li>{@link #OUT_OF_ORDER}: a first arrival below the highest seen, within the window;</li>
 *   <li>{@link #DUPLICATE}: within the window and seen before;</li>
 *   <li>{@link #LATE}: {@code size()} or more below the highest seen. The window no longer
 *       remembers whether it came before, so it is counted neither as received nor as a
 *       duplicate: a datagram that late stays counted as lost.</li>
 * </ul>
 * A jump far ahead (more than the window) is an in-order arrival that forgets the whole window,
 * so everything more than {@code size()} below the new highest is late from then on.
 *
 * <p>Not thread-safe: one receiving thread owns it.
 */
public final class SequenceWindow {

    /** Window used by salvo-perf: 2^17 sequence numbers (16 KiB of bits). */
    public static final int DEFAULT_SIZE = 1 << 17;

    public static final int IN_ORDER = 0;
    public static final int OUT_OF_ORDER = 1;
    public static final int DUPLICATE = 2;
    public static final int LATE = 3;

    private final long[] bits;
    private final long mask;
    private long highest = -1;

    public SequenceWindow() {
        this(DEFAULT_SIZE);
    }

    /**
     * @param size sequence numbers remembered below the highest; a power of two, at least 64
     */
    public SequenceWindow(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("window size must be a power of two >= 64, got " + size);
        }
        this.bits = new long[size / 64];
        this.mask = size - 1;
    }

    public int size() {
        return (int) mask + 1;
    }

    /**
     * Classifies one arrival and remembers it. Allocation-free.
     *
     * @param sequence a sequence number, {@code >= 0}
     * @return {@link #IN_ORDER}, {@link #OUT_OF_ORDER}, {@link #DUPLICATE} or {@link #LATE}
     */
    public int classify(long sequence) {
        if (sequence > highest) {
            forgetUpTo(sequence);
            highest = sequence;
            mark(sequence);
            return IN_ORDER;
        }
        if (highest - sequence > mask) {
            return LATE;
        }
        if (isMarked(sequence)) {
            return DUPLICATE;
        }
        mark(sequence);
        return OUT_OF_ORDER;
    }

    /** Clears the ring positions of {@code highest+1 .. sequence}: they last held numbers now out of the window. */
    private void forgetUpTo(long sequence) {
        long n = sequence - highest;
        if (n > mask) {
            Arrays.fill(bits, 0);
            return;
        }
        long from = highest + 1;
        while (n > 0) {
            int position = (int) (from & mask);
            int bit = position & 63;
            int take = (int) Math.min(n, 64 - bit);
            long clear = take == 64 ? -1L : ((1L << take) - 1) << bit;
            bits[position >>> 6] &= ~clear;
            from += take;
            n -= take;
        }
    }

    private boolean isMarked(long sequence) {
        int position = (int) (sequence & mask);
        return (bits[position >>> 6] & 1L << position) != 0;
    }

    private void mark(long sequence) {
        int position = (int) (sequence & mask);
        bits[position >>> 6] |= 1L << position;
    }
}
