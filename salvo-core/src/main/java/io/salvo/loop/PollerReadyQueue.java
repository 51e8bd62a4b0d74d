package io.salvo.loop;

/** The registrations to service this round, first in first out: a growable ring. Poller thread only. */
final class PollerReadyQueue {

    private PollerRegistration[] ring = new PollerRegistration[64];
    private int head;
    private int count;

    int size() {
        return count;
    }

    void add(PollerRegistration r) {
        if (count == ring.length) {
            PollerRegistration[] bigger = new PollerRegistration[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + count) & (ring.length - 1)] = r;
        count++;
    }

    /** The oldest; call only when {@link #size()} is positive. */
    PollerRegistration poll() {
        PollerRegistration r = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        count--;
        return r;
    }
}
