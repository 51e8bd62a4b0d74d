package io.salvo.perf;

import java.io.IOException;

/**
 * The clock of a TCP run: the warm-up, then the measured window until the duration is up, with a
 * tick once a second for the progress line. The caller's hooks do the work; this only sleeps
 * between the moments that matter.
 */
final class SendingTimeline {

    /** What happens at the moments of a run. */
    interface Hooks {
        /** The warm-up is over (at once, without one): start stamping frames as measured, take the first snapshot. */
        void warmedUp() throws IOException;

        /** Once a second: print progress; throw if a worker failed beyond going on. */
        void tick(long nowNanos, boolean measuring) throws IOException;
    }

    private SendingTimeline() {
    }

    /**
     * Runs the clock from now for {@code durationNanos}; {@link Hooks#warmedUp()} is called exactly
     * once, after {@code warmupNanos} (or at the end, if a loaded machine slept through the warm-up:
     * an empty window, not a wrong one).
     */
    static void run(long warmupNanos, long durationNanos, Hooks hooks) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long end = start + durationNanos;
        long nextTick = start + 1_000_000_000L;
        boolean warm = false;
        if (warmupNanos == 0) {
            hooks.warmedUp();
            warm = true;
        }
        while (System.nanoTime() < end) {
            long wakeAt = Math.min(nextTick, end);
            if (!warm) {
                wakeAt = Math.min(wakeAt, start + warmupNanos);
            }
            long sleep = Math.max(0, wakeAt - System.nanoTime());
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            long now = System.nanoTime();
            if (!warm && now - start >= warmupNanos) {
                hooks.warmedUp();
                warm = true;
            }
            if (now >= nextTick - 1_000_000) {
                hooks.tick(now, warm);
                nextTick += 1_000_000_000L;
            }
        }
        if (!warm) {
            hooks.warmedUp();
        }
    }
}
