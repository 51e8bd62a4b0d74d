package io.salvo.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineQueueTest {

    private final DeadlineQueue queue = new DeadlineQueue(System.getLogger("test"));

    @Test
    void aSlotRunsOnceAtItsEarliestDeadlineAndReschedulesItself() {
        List<Long> runs = new ArrayList<>();
        DeadlineQueue.Slot slot = new DeadlineQueue.Slot(now -> {
            runs.add(now);
            return now < 300 ? now + 100 : DeadlineQueue.NONE;
        });
        queue.schedule(slot, 200);
        queue.schedule(slot, 100); // earlier: the entry at 200 goes stale
        queue.schedule(slot, 150); // later than what is queued: ignored
        assertThat(queue.runDue(99)).isZero();
        assertThat(queue.nanosUntilNext(99)).isEqualTo(1);
        assertThat(queue.runDue(100)).isEqualTo(1);
        assertThat(queue.runDue(199)).isZero();
        assertThat(queue.runDue(200)).isEqualTo(1); // the rescheduled 200, not the stale one as well
        assertThat(queue.runDue(1_000)).isEqualTo(1); // the one due at 300, late: it says NONE
        assertThat(runs).containsExactly(100L, 200L, 1_000L);
        assertThat(queue.nanosUntilNext(1_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFailingTaskIsDroppedAndTheOthersRun() {
        List<String> ran = new ArrayList<>();
        queue.schedule(new DeadlineQueue.Slot(now -> {
            throw new IllegalStateException("boom");
        }), 10);
        queue.schedule(new DeadlineQueue.Slot(now -> {
            ran.add("second");
            return DeadlineQueue.NONE;
        }), 20);
        assertThat(queue.runDue(30)).isEqualTo(2);
        assertThat(ran).containsExactly("second");
        assertThat(queue.size()).isZero();
    }
}
