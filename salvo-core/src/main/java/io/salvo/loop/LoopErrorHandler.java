package io.salvo.loop;

/**
 * Decides what a loop does when its callback throws or its transport fails (other than by being
 * closed, which ends a loop normally). Runs on the loop's thread.
 */
@FunctionalInterface
public interface LoopErrorHandler {

    /** What to do next. */
    enum Action {
        /** Skip the failed datagram or batch and keep going. */
        CONTINUE,
        /** End the loop; its stop future completes exceptionally with the error. */
        STOP
    }

    Action onError(Throwable error);

    /** The default: stop, so the error surfaces through the stop future and is never swallowed. */
    LoopErrorHandler STOP = error -> Action.STOP;
}
