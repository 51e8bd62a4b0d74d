package io.salvo.bench.tcp;

/**
 * A ping-pong client's bookkeeping: the warm-up, the measured round-trip times, and a time budget
 * that caps both (a quarter of it for the warm-up), so that a run on a starved machine (two
 * spinning threads on two shared vCPUs can fall to a thousand round trips a second) still ends.
 * Allocation-free after construction; one thread.
 */
final class RoundTrips {

    /** The budget is looked at once per this many round trips. */
    private static final int CHECK_EVERY = 64;

    private final long[] rtt;
    private final int warmup;
    private final long budgetNanos;
    private final long warmupEnd;
    private final long deadline;
    private long done;
    private int measured = -1;
    private long begin;

    RoundTrips(int warmup, int count, long budgetNanos) {
        this.rtt = new long[count];
        this.warmup = warmup;
        this.budgetNanos = budgetNanos;
        long now = System.nanoTime();
        this.warmupEnd = now + budgetNanos / 4;
        this.deadline = now + budgetNanos;
    }

    int warmup() {
        return warmup;
    }

    int count() {
        return rtt.length;
    }

    long budgetNanos() {
        return budgetNanos;
    }

    /** Whether to run another round trip: false once the count is measured or the budget is spent. */
    boolean more() {
        if (measured < 0 && (done >= warmup || (done % CHECK_EVERY == 0 && System.nanoTime() > warmupEnd))) {
            measured = 0;
            begin = System.nanoTime();
        }
        if (measured < 0) {
            return true;
        }
        return measured < rtt.length && (measured % CHECK_EVERY != 0 || measured == 0 || System.nanoTime() < deadline);
    }

    /** The sequence number of the next request. */
    long sequence() {
        return done;
    }

    /** One round trip done. */
    void record(long rttNanos) {
        if (measured >= 0) {
            rtt[measured++] = rttNanos;
        }
        done++;
    }

    PingPongRun result() {
        return PingPongRun.of(rtt, Math.max(0, measured), System.nanoTime() - begin);
    }
}
