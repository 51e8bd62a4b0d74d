package io.salvo.bench.tcp;

import java.util.Arrays;

/**
 * One ping-pong run: round-trip percentiles in microseconds, the rate of round trips, and how many
 * were measured (fewer than asked when the run's time budget ran out).
 */
record PingPongRun(double p50Micros, double p99Micros, double p999Micros, double maxMicros, double roundTripsPerSecond,
                   int samples) {

    /** From the first {@code n} round-trip times in nanoseconds (sorted here, in place) and the time they took. */
    static PingPongRun of(long[] rttNanos, int n, long elapsedNanos) {
        if (n <= 0 || elapsedNanos <= 0) {
            throw new IllegalStateException("no round trip measured");
        }
        Arrays.sort(rttNanos, 0, n);
        return new PingPongRun(percentile(rttNanos, n, 0.50) / 1e3, percentile(rttNanos, n, 0.99) / 1e3,
                percentile(rttNanos, n, 0.999) / 1e3, rttNanos[n - 1] / 1e3, n / (elapsedNanos / 1e9), n);
    }

    /** Nearest rank: the smallest of the first {@code n} sorted samples with at least {@code p} of them at or below it. */
    static long percentile(long[] sorted, int n, double p) {
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
