package io.salvo.messaging;

import java.util.PriorityQueue;

/**
 * The one timer of a {@link MessagingPoller}: a queue of deadlines its thread checks every round.
 * Each connection has one {@link Slot} and so at most one live entry, whatever it waits for (a read
 * deadline, a heartbeat, a login): its task says when it next needs to run. Poller thread only.
 */
final class DeadlineQueue {

    /** What a slot runs when its deadline comes. */
    @FunctionalInterface
    interface Task {
        /** Runs at {@code nowNanos}; returns the next deadline ({@code System.nanoTime()} scale) or {@link #NONE}. */
        long onDeadline(long nowNanos);
    }

    /** {@link Task#onDeadline} result: nothing more to wait for. */
    static final long NONE = Long.MIN_VALUE;

    /** One subject of the queue (a connection). */
    static final class Slot {
        final Task task;
        boolean scheduled;
        long at;

        Slot(Task task) {
            this.task = task;
        }
    }

    private record Entry(long at, Slot slot) {
    }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Long.compare(a.at - b.at, 0));
    private final System.Logger log;

    DeadlineQueue(System.Logger log) {
        this.log = log;
    }

    /** Runs {@code slot} at {@code at}, or earlier if it is already due earlier. */
    void schedule(Slot slot, long at) {
        if (at == NONE || (slot.scheduled && slot.at - at <= 0)) {
            return;
        }
        slot.scheduled = true;
        slot.at = at;
        heap.add(new Entry(at, slot)); // a later entry it had is now stale and skipped when it comes up
    }

    /** Runs every task that is due; returns how many ran. */
    int runDue(long now) {
        int ran = 0;
        Entry e;
        while ((e = heap.peek()) != null && e.at - now <= 0) {
            heap.poll();
            Slot s = e.slot;
            if (!s.scheduled || s.at != e.at) {
                continue; // superseded by an earlier deadline, which ran already
            }
            s.scheduled = false;
            ran++;
            long next;
            try {
                next = s.task.onDeadline(now);
            } catch (RuntimeException | Error failure) {
                log.log(System.Logger.Level.WARNING, "a deadline task failed; it is dropped", failure);
                continue;
            }
            schedule(s, next);
        }
        return ran;
    }

    /** Nanoseconds until the next deadline (0 if one is due), or {@code Long.MAX_VALUE} when none is queued. */
    long nanosUntilNext(long now) {
        Entry e = heap.peek();
        return e == null ? Long.MAX_VALUE : Math.max(0, e.at - now);
    }

    int size() {
        return heap.size();
    }
}
