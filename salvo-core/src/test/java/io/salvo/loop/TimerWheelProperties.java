package io.salvo.loop;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.salvo.loop.TimerWheel.TICK_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timing wheel against a made-up clock: every timer comes out exactly once, never before its
 * deadline, at the first advance that reaches its tick (so at most a tick plus the advance step
 * late), however far away it was (several revolutions) and however the clock jumps; cancelled
 * ones never come out.
 */
class TimerWheelProperties {

    private static final int BUCKETS = 64; // small, so deadlines span many revolutions

    @Property(tries = 300)
    void everyTimerIsDueOnceNeverEarlyAndAtMostATickLate(
            @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 500_000_000L) Long> delays,
            @ForAll @LongRange(min = 1, max = 200_000_000L) long start,
            @ForAll @IntRange(min = 100_000, max = 200_000_000) int maxStep,
            @ForAll long seed) {
        Random random = new Random(seed);
        TimerWheel wheel = new TimerWheel(BUCKETS, start);
        List<PollerTimer> timers = new ArrayList<>();
        Set<PollerTimer> cancelled = new HashSet<>();
        for (long delay : delays) {
            PollerTimer t = new PollerTimer(null, start + delay, () -> { });
            timers.add(t);
            wheel.add(t);
            if (random.nextInt(10) == 0) {
                cancelled.add(t);
                t.markCancelled();
                if (random.nextBoolean()) {
                    wheel.remove(t); // cancelled on the poller thread: out at once
                } // else cancelled elsewhere: only the flag changes, and the wheel drops it on its way
            }
        }
        Set<PollerTimer> seen = new HashSet<>();
        long now = start;
        long end = start + 500_000_000L + 10 * TICK_NANOS;
        while (now < end) {
            long before = now;
            now += maxStep / 2 + random.nextInt(maxStep / 2); // from under a tick to many revolutions
            for (PollerTimer t : wheel.advance(now)) {
                assertThat(seen.add(t)).as("came out once").isTrue();
                assertThat(cancelled).as("a cancelled timer's task never runs").doesNotContain(t);
                assertThat(now).as("not before its deadline").isGreaterThanOrEqualTo(t.deadlineNanos);
                // Due at its tick: the previous advance had not reached it.
                assertThat(Math.floorDiv(before, TICK_NANOS)).as("not held past the advance that reached it")
                        .isLessThan(Math.max(Math.floorDiv(start, TICK_NANOS) + 1, Math.ceilDiv(t.deadlineNanos, TICK_NANOS)));
            }
        }
        for (PollerTimer t : timers) {
            assertThat(seen.contains(t)).as("timer due at " + t.deadlineNanos).isEqualTo(!cancelled.contains(t));
        }
        assertThat(wheel.size()).isZero();
    }

    @Test
    void theWaitEndsAtTheNextTickThatHoldsATimer() {
        TimerWheel wheel = new TimerWheel(BUCKETS, 0);
        assertThat(wheel.nanosUntilNext(0)).isEqualTo(Long.MAX_VALUE);
        wheel.add(new PollerTimer(null, 5 * TICK_NANOS + 1, () -> { }));
        assertThat(wheel.nanosUntilNext(0)).isEqualTo(6 * TICK_NANOS); // its tick rounds up
        PollerTimer far = new PollerTimer(null, (BUCKETS + 2) * TICK_NANOS, () -> { }); // a revolution on
        wheel.add(far);
        assertThat(wheel.nanosUntilNext(TICK_NANOS / 2)).isEqualTo(2 * TICK_NANOS - TICK_NANOS / 2);
        assertThat(wheel.advance(2 * TICK_NANOS)).isEmpty(); // passes the far one's bucket: not its revolution
        assertThat(wheel.advance(6 * TICK_NANOS)).hasSize(1);
        assertThat(wheel.nanosUntilNext(6 * TICK_NANOS)).isEqualTo((BUCKETS + 2 - 6) * TICK_NANOS);
        assertThat(wheel.advance((BUCKETS + 2) * TICK_NANOS)).containsExactly(far);
        assertThat(wheel.nanosUntilNext((BUCKETS + 2) * TICK_NANOS)).isEqualTo(Long.MAX_VALUE);
    }
}
