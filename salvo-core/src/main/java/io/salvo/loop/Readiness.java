package io.salvo.loop;

import java.io.IOException;

/** Something a blocking idle strategy can wait on: a transport's readability, or a poller's epoll set. */
@FunctionalInterface
public interface Readiness {

    /**
     * Blocks until work is (probably) available or the timeout passes.
     *
     * @return true if woken by readiness, false on timeout
     */
    boolean await(long timeoutNanos) throws IOException;

    /**
     * True when the loop's stop signal ends a wait at once (a {@link Poller}'s wake-up), so a
     * blocking strategy need not cap its waits to notice a stop and may wait for as long as it takes
     * ({@code Long.MAX_VALUE}). False by default: a transport's readiness knows nothing of a stop.
     */
    default boolean wakesOnStop() {
        return false;
    }
}
