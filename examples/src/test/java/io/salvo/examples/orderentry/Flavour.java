package io.salvo.examples.orderentry;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How a test's trader waits for an answer: one of {@link OrderEntryClient}'s request calls. */
enum Flavour {
    /** Non-blocking: queue, then busy-spin for the answer. */
    SPIN,
    /** Blocking: park the thread until the answer is in. */
    BLOCK,
    /** Asynchronous: a future completed by the poller thread. */
    ASYNC;

    OrderEntry request(OrderEntryClient trader, OrderEntry request) throws IOException {
        return switch (this) {
            case SPIN -> trader.requestSpinning(request, Sessions.PATIENCE);
            case BLOCK -> trader.request(request);
            case ASYNC -> {
                try {
                    yield trader.requestAsync(request).get(Sessions.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException | ExecutionException | TimeoutException e) {
                    throw new AssertionError("async request " + request + " failed", e);
                }
            }
        };
    }
}
