package io.salvo.bench.udplatency;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a run's sockets if it outlasts its time budget by ten seconds, so a client blocked on an
 * echo that never comes (a blocking {@code DatagramChannel} read has no timeout) fails with an
 * exception instead of hanging the benchmark. Cancelled by {@link #close()}.
 */
final class Watchdog implements AutoCloseable {

    private static final long GRACE_NANOS = 10_000_000_000L;

    private final Thread thread;
    private final AtomicBoolean fired = new AtomicBoolean();

    Watchdog(long budgetNanos, AutoCloseable... sockets) {
        thread = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(java.time.Duration.ofNanos(budgetNanos + GRACE_NANOS));
            } catch (InterruptedException cancelled) {
                return;
            }
            fired.set(true);
            for (AutoCloseable s : sockets) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing is all that is left to try
                }
            }
        });
    }

    /** Whether it closed the sockets: the failure that follows is a hang, not a bug of the socket. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
