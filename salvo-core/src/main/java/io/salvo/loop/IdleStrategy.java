package io.salvo.loop;

import java.io.IOException;

/**
 * How a loop waits when it found no work, in the spirit of Agrona's idle strategies: the loop
 * calls {@link #idle(int, Readiness)} after every work cycle with the amount of work done; with
 * work, the strategy resets and returns at once. Instances hold per-loop state: one per loop
 * thread, not shared. See {@link IdleStrategies} for the implementations.
 */
public interface IdleStrategy {

    /**
     * @param workCount what the last cycle did (0: nothing)
     * @param readiness what a blocking strategy waits on; others ignore it
     */
    void idle(int workCount, Readiness readiness) throws IOException;

    /** Forgets any back-off progress. */
    default void reset() {
    }
}
