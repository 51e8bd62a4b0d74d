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
}
