package io.salvo.bench;

import org.HdrHistogram.Histogram;

/**
 * A ping-pong client's bookkeeping: warm-up round trips, then measured ones recorded in an
 * HdrHistogram (1 ns to 60 s, 3 significant digits), within a time budget (a quarter of it for
 * the warm-up) so a run on a starved machine still ends. Allocation-free after construction;
 * one thread at a time (the client's, or its event loop's).
 */
public final class RoundTripClock {

    private static final long MAX_NANOS = 60_000_000_000L;
    private static final int CHECK_EVERY = 64;

    private final Histogram histogram = new Histogram(1, MAX_NANOS, 3);
    private final int warmup;
    private final int count;
    private final long budgetNanos;
    private final long warmupEnd;
    private final long deadline;
    private long done;
    private long measured = -1;
    private long begin;

    public RoundTripClock(int warmup, int count, long budgetNanos) {
        this.warmup = warmup;
        this.count = count;
        this.budgetNanos = budgetNanos;
        long now = System.nanoTime();
        this.warmupEnd = now + budgetNanos / 4;
        this.deadline = now + budgetNanos;
    }

    public long budgetNanos() {
        return budgetNanos;
    }

    /** Whether to run another round trip: false once the count is measured or the budget spent. */
    public boolean more() {
        if (measured < 0 && (done >= warmup || (done % CHECK_EVERY == 0 && System.nanoTime() > warmupEnd))) {
            measured = 0;
            begin = System.nanoTime();
        }
        if (measured < 0) {
            return true;
        }
        return measured < count && (measured % CHECK_EVERY != 0 || measured == 0 || System.nanoTime() < deadline);
    }

    /** The sequence number of the next request. */
    public long sequence() {
        return done;
    }

    /** One round trip done. */
    public void record(long rttNanos) {
        if (measured >= 0) {
            histogram.recordValue(Math.min(Math.max(1, rttNanos), MAX_NANOS));
            measured++;
        }
        done++;
    }

    public LatencyRun result() {
        return of(histogram, System.nanoTime() - begin);
    }

    /** The warm-up round trips asked for. */
    public int warmup() {
        return warmup;
    }

    /** The measured round trips asked for. */
    public int count() {
        return count;
    }

    /**
     * A run from round-trip times measured elsewhere (another process's samples, in nanoseconds),
     * through the same histogram and percentiles as a clock's own.
     */
    public static LatencyRun ofSamples(long[] rttNanos, int n, long elapsedNanos) {
        Histogram h = new Histogram(1, MAX_NANOS, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.min(Math.max(1, rttNanos[i]), MAX_NANOS));
        }
        return of(h, elapsedNanos);
    }

    private static LatencyRun of(Histogram h, long elapsedNanos) {
        long measured = h.getTotalCount();
        if (measured <= 0 || elapsedNanos <= 0) {
            throw new IllegalStateException("no round trip measured");
        }
        return new LatencyRun(h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, measured / (elapsedNanos / 1e9), measured);
    }
}
