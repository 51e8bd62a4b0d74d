package io.salvo.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * A hashed timing wheel for the {@link Poller}'s timers, after Varghese and Lauck (and Netty's
 * {@code HashedWheelTimer}, without its thread): a ring of buckets, one per tick of
 * {@value #TICK_NANOS} ns, each a doubly linked list of the timers due at ticks that map to it.
 * Adding and removing cost O(1); advancing visits only the buckets of the ticks that passed (at
 * most one revolution), and within them only their timers. A timer due more than one revolution
 * away stays in its bucket and is passed over until its tick comes.
 *
 * <p>Poller thread only. Allocation-free per timer, apart from the timer itself.
 */
final class TimerWheel {

    /** The wheel's resolution: a timer runs within about one tick after it is due. */
    static final long TICK_NANOS = 1_000_000L;

    private final PollerTimer[] heads;
    private final int mask;
    /** The last tick whose bucket was processed. */
    private long currentTick;
    private int size;
    private final List<PollerTimer> due = new ArrayList<>();

    /** @param buckets a power of two: the ticks of one revolution */
    TimerWheel(int buckets, long nowNanos) {
        if (Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("buckets must be a power of two, got " + buckets);
        }
        this.heads = new PollerTimer[buckets];
        this.mask = buckets - 1;
        this.currentTick = Math.floorDiv(nowNanos, TICK_NANOS);
    }

    /** Timers in the wheel (cancelled ones included until their bucket is visited or they are removed). */
    int size() {
        return size;
    }

    /** Puts a timer in the bucket of its tick (the next one at the earliest). */
    void add(PollerTimer t) {
        long tick = Math.max(currentTick + 1, Math.ceilDiv(t.deadlineNanos, TICK_NANOS));
        t.tick = tick;
        int bucket = (int) (tick & mask);
        PollerTimer head = heads[bucket];
        t.previous = null;
        t.next = head;
        if (head != null) {
            head.previous = t;
        }
        heads[bucket] = t;
        t.linked = true;
        size++;
    }

    /** Takes a timer out of its bucket; nothing when it is not in the wheel. */
    void remove(PollerTimer t) {
        if (!t.linked) {
            return;
        }
        if (t.previous != null) {
            t.previous.next = t.next;
        } else {
            heads[(int) (t.tick & mask)] = t.next;
        }
        if (t.next != null) {
            t.next.previous = t.previous;
        }
        t.previous = null;
        t.next = null;
        t.linked = false;
        size--;
    }

    /**
     * Advances to {@code nowNanos}: takes out the timers that are due (and cancelled ones met on the
     * way) and returns the due ones, in a list reused by the next call. The caller runs them after
     * this returns, so a task may add or cancel timers freely.
     */
    List<PollerTimer> advance(long nowNanos) {
        due.clear();
        long nowTick = Math.floorDiv(nowNanos, TICK_NANOS);
        if (nowTick <= currentTick) {
            return due;
        }
        long steps = Math.min(nowTick - currentTick, heads.length);
        for (long k = 1; k <= steps && size > 0; k++) {
            PollerTimer t = heads[(int) ((currentTick + k) & mask)];
            while (t != null) {
                PollerTimer next = t.next;
                if (t.isCancelled()) {
                    remove(t);
                } else if (t.tick <= nowTick) {
                    remove(t);
                    due.add(t);
                }
                t = next;
            }
        }
        currentTick = nowTick;
        return due;
    }

    /**
     * How long the poller may sleep before a timer may be due: until the next tick whose bucket holds
     * a timer (which may be one due a revolution later: then the poller wakes, finds nothing, and
     * sleeps again), or {@code Long.MAX_VALUE} when the wheel is empty. Looks at most one revolution
     * of bucket heads.
     */
    long nanosUntilNext(long nowNanos) {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        for (int k = 1; k <= heads.length; k++) {
            if (heads[(int) ((currentTick + k) & mask)] != null) {
                return Math.max(0, (currentTick + k) * TICK_NANOS - nowNanos);
            }
        }
        return Long.MAX_VALUE; // not reached while size > 0
    }
}
