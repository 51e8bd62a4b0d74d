package io.salvo.loop;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle strategies. Each call returns a fresh instance (they keep per-loop state).
 *
 * <ul>
 *   <li>{@link #busySpin()}: never gives up the CPU; lowest latency, one core at 100%.</li>
 *   <li>{@link #yielding()}: {@code Thread.yield()} when idle.</li>
 *   <li>{@link #backoff(int, int, long, long)}: spin, then yield, then park with a doubling pause up to a cap.</li>
 *   <li>{@link #blocking(long)}: wait for readiness ({@code poll}/{@code epoll_wait} on Linux, a selector
 *       elsewhere) for at most {@code maxWaitNanos}, so an idle loop costs no measurable CPU and still
 *       notices a stop signal within that time; where the stop signal itself ends the wait (a
 *       {@link Poller}, or a receive loop on a native transport, whose wait also ends when the
 *       transport closes), without a limit, so an idle loop does not wake at all.</li>
 * </ul>
 */
public final class IdleStrategies {

    /** Longest a blocking wait lasts before the loop looks at its stop signal again (10 ms), where a stop does not wake it. */
    public static final long DEFAULT_MAX_WAIT_NANOS = 10_000_000L;

    private IdleStrategies() {
    }

    public static IdleStrategy busySpin() {
        return (work, readiness) -> {
            if (work == 0) {
                Thread.onSpinWait();
            }
        };
    }

    public static IdleStrategy yielding() {
        return (work, readiness) -> {
            if (work == 0) {
                Thread.yield();
            }
        };
    }

    /** Spin {@code spins} times, yield {@code yields} times, then park from {@code minParkNanos} doubling to {@code maxParkNanos}. */
    public static IdleStrategy backoff(int spins, int yields, long minParkNanos, long maxParkNanos) {
        if (spins < 0 || yields < 0 || minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("backoff needs spins, yields >= 0 and 0 < minPark <= maxPark");
        }
        return new IdleStrategy() {
            private int idleCycles;
            private long park = minParkNanos;

            @Override
            public void idle(int work, Readiness readiness) {
                if (work > 0) {
                    reset();
                    return;
                }
                if (idleCycles < spins) {
                    idleCycles++;
                    Thread.onSpinWait();
                } else if (idleCycles < spins + yields) {
                    idleCycles++;
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(park * 2, maxParkNanos);
                }
            }

            @Override
            public void reset() {
                idleCycles = 0;
                park = minParkNanos;
            }
        };
    }

    /** Back-off with 100 spins, 10 yields, then parks from 1 µs up to 1 ms. */
    public static IdleStrategy backoff() {
        return backoff(100, 10, 1_000, 1_000_000);
    }

    /**
     * Waits for readiness when idle: for at most {@code maxWaitNanos}, or, when the readiness
     * {@linkplain Readiness#wakesOnStop() wakes on stop}, until something happens.
     */
    public static IdleStrategy blocking(long maxWaitNanos) {
        if (maxWaitNanos <= 0) {
            throw new IllegalArgumentException("maxWaitNanos must be > 0, got " + maxWaitNanos);
        }
        return (work, readiness) -> {
            if (work == 0) {
                readiness.await(readiness.wakesOnStop() ? Long.MAX_VALUE : maxWaitNanos);
            }
        };
    }

    /** {@link #blocking(long)} with {@link #DEFAULT_MAX_WAIT_NANOS}. */
    public static IdleStrategy blocking() {
        return blocking(DEFAULT_MAX_WAIT_NANOS);
    }
}
