package io.salvo.perf.sequence;

import io.salvo.buffer.DatagramBuffer;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts one receiving thread's datagrams by what their {@link SequenceHeader} says: unique,
 * out of order, duplicated or late (see {@link SequenceWindow}, one per sender), each in the
 * warm-up or the measured window according to the datagram's own measured bit.
 *
 * <p>The receiving thread calls {@link #record} for each datagram and {@link #publish} after each
 * batch; any thread may read {@link #measured()} and {@link #all()}, which see the counts as of
 * the last publish. Allocation-free per datagram: a sender's window is allocated once, at its
 * first datagram.
 */
public final class ArrivalCounter {

    // Slots of the count arrays: one block per phase, then the unrecognised count.
    private static final int UNIQUE = 0;
    private static final int OUT_OF_ORDER = 1;
    private static final int DUPLICATED = 2;
    private static final int LATE = 3;
    private static final int PER_PHASE = 4;
    private static final int WARMUP = 0;
    private static final int MEASURED = PER_PHASE;
    private static final int UNRECOGNISED = 2 * PER_PHASE;

    private final SequenceWindow[] windows = new SequenceWindow[SequenceHeader.MAX_SENDERS];
    private final int windowSize;
    private final long[] counts = new long[UNRECOGNISED + 1];
    private final AtomicLongArray published = new AtomicLongArray(counts.length);

    public ArrivalCounter() {
        this(SequenceWindow.DEFAULT_SIZE);
    }

    /** A counter whose per-sender windows remember {@code windowSize} sequence numbers. */
    public ArrivalCounter(int windowSize) {
        this.windowSize = windowSize;
        new SequenceWindow(windowSize); // checks the size now rather than at the first datagram
    }

    /**
     * Counts the datagrams in the buffer's payload: one, or with {@code segmentSize > 0} a GRO
     * super-buffer of datagrams of that size (the last may be shorter).
     *
     * @return how many datagrams the payload held
     */
    public int record(DatagramBuffer buffer, int segmentSize) {
        int length = buffer.length();
        if (segmentSize <= 0 || segmentSize >= length) {
            recordOne(buffer, 0, length);
            return 1;
        }
        int datagrams = 0;
        for (int offset = 0; offset < length; offset += segmentSize) {
            recordOne(buffer, offset, Math.min(segmentSize, length - offset));
            datagrams++;
        }
        return datagrams;
    }

    private void recordOne(DatagramBuffer buffer, int offset, int length) {
        if (length < SequenceHeader.BYTES || buffer.getByte(offset) != SequenceHeader.DATA) {
            counts[UNRECOGNISED]++;
            return;
        }
        long stamp = SequenceHeader.read(buffer, offset);
        int phase = SequenceHeader.measured(stamp) ? MEASURED : WARMUP;
        switch (window(SequenceHeader.sender(stamp)).classify(SequenceHeader.sequence(stamp))) {
            case SequenceWindow.IN_ORDER -> counts[phase + UNIQUE]++;
            case SequenceWindow.OUT_OF_ORDER -> {
                counts[phase + UNIQUE]++;
                counts[phase + OUT_OF_ORDER]++;
            }
            case SequenceWindow.DUPLICATE -> counts[phase + DUPLICATED]++;
            default -> counts[phase + LATE]++;
        }
    }

    private SequenceWindow window(int sender) {
        SequenceWindow w = windows[sender];
        if (w == null) {
            w = new SequenceWindow(windowSize);
            windows[sender] = w;
        }
        return w;
    }

    /** Makes the counts so far visible to other threads. Allocation-free. */
    public void publish() {
        for (int i = 0; i < counts.length; i++) {
            published.setRelease(i, counts[i]);
        }
    }

    /** Datagrams sent in the measured window, as of the last publish (unrecognised: whole run). */
    public Arrivals measured() {
        return phase(MEASURED);
    }

    /** Every datagram, warm-up and measured window together, as of the last publish. */
    public Arrivals all() {
        Arrivals w = phase(WARMUP);
        Arrivals m = phase(MEASURED);
        return new Arrivals(w.unique() + m.unique(), w.outOfOrder() + m.outOfOrder(),
                w.duplicated() + m.duplicated(), w.late() + m.late(), m.unrecognised());
    }

    private Arrivals phase(int base) {
        return new Arrivals(published.getAcquire(base + UNIQUE), published.getAcquire(base + OUT_OF_ORDER),
                published.getAcquire(base + DUPLICATED), published.getAcquire(base + LATE),
                published.getAcquire(UNRECOGNISED));
    }
}
