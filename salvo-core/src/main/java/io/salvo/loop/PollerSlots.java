package io.salvo.loop;

import java.util.Arrays;

/**
 * The poller's slot table: each registration holds a slot, and its epoll token is the slot number
 * with the slot's generation, bumped each time the slot is vacated, so an event still in flight for a
 * registration that is gone (or for a descriptor number the kernel reused since) never matches the
 * registration that holds the slot now. O(1) take and free; grows by doubling. Poller thread only.
 */
final class PollerSlots {

    private PollerRegistration[] slots = new PollerRegistration[0];
    private int[] generations = new int[0];
    private int[] free = new int[0];
    private int freeCount;

    /** Gives {@code r} a free slot and the slot's current generation. */
    void take(PollerRegistration r) {
        if (freeCount == 0) {
            grow();
        }
        r.slot = free[--freeCount];
        r.generation = generations[r.slot];
        slots[r.slot] = r;
    }

    /** Frees {@code r}'s slot; events still carrying its token no longer match. */
    void release(PollerRegistration r) {
        slots[r.slot] = null;
        generations[r.slot]++;
        free[freeCount++] = r.slot;
        r.slot = -1;
    }

    static long token(PollerRegistration r) {
        return ((long) r.generation << 32) | r.slot;
    }

    /** The registration a token names, or null when it is gone (or the token is stale). */
    PollerRegistration byToken(long token) {
        int slot = (int) token;
        if (slot < 0 || slot >= slots.length) {
            return null;
        }
        PollerRegistration r = slots[slot];
        return r != null && r.generation == (int) (token >>> 32) ? r : null;
    }

    private void grow() {
        int used = slots.length;
        int size = Math.max(64, used * 2);
        slots = Arrays.copyOf(slots, size);
        generations = Arrays.copyOf(generations, size);
        free = Arrays.copyOf(free, size);
        for (int i = size - 1; i >= used; i--) {
            free[freeCount++] = i; // lowest first
        }
    }
}
