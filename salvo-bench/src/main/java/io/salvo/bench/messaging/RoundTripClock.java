package io.salvo.bench.messaging;

import org.HdrHistogram.Histogram;

/**
 * A ping-pong client's bookkeeping: warm-up round trips, then measured ones recorded in an
 * HdrHistogram (1 ns to 60 s, 3 significant digits), within a time budget (a quarter of it for
 * the warm-up) so a run on a starved machine still ends. Allocation-free after construction;
 * one thread at a time (the client's, or its event loop's).
 */
final class RoundTripClock {

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

    RoundTripClock(int warmup, int count, long budgetNanos) {
        this.warmup = warmup;
        this.count = count;
        this.budgetNanos = budgetNanos;
        long now = System.nanoTime();
        this.warmupEnd = now + budgetNanos / 4;
        this.deadline = now + budgetNanos;
    }

    long budgetNanos() {
        return budgetNanos;
    }

    /** Whether to run another round trip: false once the count is measured or the budget spent. */
    boolean more() {
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
    long sequence() {
        return done;
    }

    /** One round trip done. */
    void record(long rttNanos) {
        if (measured >= 0) {
            histogram.recordValue(Math.min(Math.max(1, rttNanos), MAX_NANOS));
            measured++;
        }
        done++;
    }

    LatencyRun result() {
        if (measured <= 0) {
            throw new IllegalStateException("no round trip measured");
        }
        long elapsed = System.nanoTime() - begin;
        return new LatencyRun(histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3, measured / (elapsed / 1e9),
                measured);
    }
}
