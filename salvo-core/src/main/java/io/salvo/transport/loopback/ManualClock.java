package io.salvo.transport.loopback;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that moves only when told to, for deterministic tests of delay, jitter and
 * bandwidth on a {@link LoopbackNetwork}. Thread-safe.
 */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong();

    /** A clock reading 0. */
    public ManualClock() {
    }

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    /** Moves the clock forward by {@code n} nanoseconds. */
    public void advanceNanos(long n) {
        advance(Duration.ofNanos(n));
    }
}
