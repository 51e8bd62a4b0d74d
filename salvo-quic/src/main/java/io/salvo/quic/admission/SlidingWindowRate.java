package io.salvo.quic.admission;

/**
 * A stream rate limit over a sliding window, estimated from two fixed windows (the count of the
 * previous window, weighted by how much of it still overlaps the sliding one, plus the current
 * count): constant memory and time, no allocation, off by at most a little when arrivals are very
 * bursty. Not thread-safe: each connection's limiter is used by that connection's callback thread.
 */
public final class SlidingWindowRate {

    private final long windowNanos;
    private long windowStart;
    private long previousCount;
    private long currentCount;

    public SlidingWindowRate(long windowNanos, long nowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowNanos = windowNanos;
        this.windowStart = nowNanos;
    }

    /**
     * Counts one event if fewer than {@code limit} happened in the sliding window ending now.
     *
     * @return 0 if the event was counted; otherwise how long (nanoseconds, at least 1) until the
     *         estimate drops below the limit, for a caller that waits and asks again
     */
    public long tryAcquire(long nowNanos, long limit) {
        roll(nowNanos);
        long elapsed = nowNanos - windowStart;
        double previousWeight = (double) (windowNanos - elapsed) / windowNanos;
        double estimate = previousCount * previousWeight + currentCount;
        if (estimate < limit) {
            currentCount++;
            return 0;
        }
        long untilWindowEnds = windowNanos - elapsed;
        if (previousCount == 0 || currentCount >= limit) {
            return Math.max(1, untilWindowEnds); // only the next window can help
        }
        // The previous window's share shrinks linearly: find when estimate < limit.
        double excess = estimate - limit + 1e-9;
        long wait = (long) Math.ceil(excess / previousCount * windowNanos);
        return Math.max(1, Math.min(wait, untilWindowEnds));
    }

    private void roll(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < windowNanos) {
            return;
        }
        long windows = elapsed / windowNanos;
        previousCount = windows == 1 ? currentCount : 0;
        currentCount = 0;
        windowStart += windows * windowNanos;
    }
}
