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

    /**
     * Asks {@code handler} about {@code error}; on STOP (or when the handler itself throws)
     * completes {@code stop} exceptionally and returns true.
     */
    static boolean stops(LoopErrorHandler handler, Throwable error, java.util.concurrent.CompletableFuture<Void> stop) {
        Action action;
        try {
            action = handler.onError(error);
        } catch (RuntimeException handlerFailed) {
            handlerFailed.addSuppressed(error);
            stop.completeExceptionally(handlerFailed);
            return true;
        }
        if (action == Action.STOP) {
            stop.completeExceptionally(error);
            return true;
        }
        return false;
    }
}
