package io.salvo.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code Clt.connect} retries a connection that failed to open (refused, timed out,
 * unreachable): up to {@code attempts} tries in all, waiting {@code initialBackoff} after the first
 * failure and doubling up to {@code maxBackoff}. A refused login is not retried: the server answered.
 *
 * @param attempts       tries in all, at least 1 (1: no retry)
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff     the longest wait between tries
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
    }

    /** One try, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** {@code attempts} tries with back-off doubling from {@code initialBackoff} up to {@code maxBackoff}. */
    public static RetryPolicy of(int attempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff);
    }

    /** The wait after failed try number {@code failedAttempt} (1-based). */
    public Duration backoffAfter(int failedAttempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < failedAttempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
