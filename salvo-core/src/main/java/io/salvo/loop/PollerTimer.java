package io.salvo.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task a {@link Poller} runs once on its thread after a delay ({@link Poller#schedule}). The
 * handle is for cancelling: {@link #cancel()} is safe from any thread and allocation-free.
 */
public final class PollerTimer {

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    final Runnable task;
    /** When it is due, in {@link System#nanoTime()} terms. */
    final long deadlineNanos;
    private final Poller poller;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    // Poller thread only: the wheel tick it is due at, and its bucket's list links.
    long tick;
    PollerTimer previous;
    PollerTimer next;
    /** Whether it sits in a bucket of the wheel. */
    boolean linked;

    PollerTimer(Poller poller, long deadlineNanos, Runnable task) {
        this.poller = poller;
        this.deadlineNanos = deadlineNanos;
        this.task = task;
    }

    /**
     * Stops the task from running if it has not started yet. Any thread. On the poller thread the
     * wheel forgets it at once; from elsewhere it is dropped when the poller next looks at its slot.
     *
     * @return true if this call cancelled it; false if it already ran, is running, or was cancelled
     */
    public boolean cancel() {
        if (!markCancelled()) {
            return false;
        }
        poller.cancelled(this);
        return true;
    }

    /** The state change of a cancel, without telling the poller. */
    boolean markCancelled() {
        return state.compareAndSet(PENDING, CANCELLED);
    }

    /** True once cancelled (and it will not run). */
    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** True once the poller has started running its task. */
    public boolean hasFired() {
        return state.get() == FIRED;
    }

    /** Claims the right to run; false when cancelled first. */
    boolean fire() {
        return state.compareAndSet(PENDING, FIRED);
    }
}
