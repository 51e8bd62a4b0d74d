package io.salvo.quic.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingWindowRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void admitsUpToTheLimitInAWindowThenSaysHowLongToWait() {
        SlidingWindowRate rate = new SlidingWindowRate(SECOND, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.tryAcquire(i, 10)).isZero();
        }
        long wait = rate.tryAcquire(100, 10);
        assertThat(wait).isPositive().isLessThanOrEqualTo(SECOND);
    }

    @Test
    void thePreviousWindowCountsInProportionToItsOverlap() {
        SlidingWindowRate rate = new SlidingWindowRate(SECOND, 0);
        for (int i = 0; i < 10; i++) {
            rate.tryAcquire(0, 10);
        }
        // Half-way through the next window, half of the previous window's 10 still count: 5 more fit.
        long t = SECOND + SECOND / 2;
        int admitted = 0;
        while (rate.tryAcquire(t, 10) == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void anIdleGapLongerThanTwoWindowsForgetsEverything() {
        SlidingWindowRate rate = new SlidingWindowRate(SECOND, 0);
        for (int i = 0; i < 10; i++) {
            rate.tryAcquire(0, 10);
        }
        int admitted = 0;
        while (rate.tryAcquire(3 * SECOND, 10) == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void waitingTheReturnedTimeIsEnough() {
        SlidingWindowRate rate = new SlidingWindowRate(SECOND, 0);
        long now = 0;
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            long wait;
            while ((wait = rate.tryAcquire(now, 10)) != 0) {
                now += wait;
            }
            admitted++;
        }
        assertThat(admitted).isEqualTo(50);
        // 50 at 10 per second: never faster than the limit allows (the first 10 are free).
        assertThat(now).isGreaterThanOrEqualTo(3 * SECOND);
    }
}
