package io.salvo.bench.poller;

import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.loop.Handlers;
import io.salvo.loop.IdleStrategy;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.LoopErrorHandler;
import io.salvo.loop.Readiness;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The Poller as it was before issue 16 (salvo-core at commit 4b2f28e), kept verbatim apart from
 * its name and package so {@code salvo-bench poller --legacy} can measure the old design beside the
 * new one: every round walks the whole registration list (an {@code isOpen} check each), tokens are
 * list indexes, {@code unregister} searches the list, and every {@code register} writes the eventfd.
 * Not for use outside the benchmark.
 */
final class LegacyPoller implements AutoCloseable {

    private static final long NON_POLLABLE_MAX_WAIT_NANOS = 1_000_000L;

    private final LoopConfig config;
    private final EpollSet epoll;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final Thread thread;
    private int nonPollable;
    private volatile int registeredCount;
    /** Set when the idle strategy's wait already asked epoll who is ready. */
    private boolean readinessCollected;

    private static final class Registration {
        final DatagramTransport transport;
        final Handlers.BatchHandler handler;
        final PacketBatch batch;
        final boolean pollable;
        boolean maybeReady = true;

        Registration(DatagramTransport transport, Handlers.BatchHandler handler, PacketBatch batch, boolean pollable) {
            this.transport = transport;
            this.handler = handler;
            this.batch = batch;
            this.pollable = pollable;
        }
    }

    private LegacyPoller(LoopConfig config, String name) throws IOException {
        this.config = config;
        this.epoll = NativeAccess.isAvailable() ? new EpollSet(256) : null;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::runLoop);
    }

    /** Starts a poller on a new platform thread named {@code name}. */
    public static LegacyPoller start(String name, LoopConfig config) throws IOException {
        LegacyPoller p = new LegacyPoller(config, name);
        p.thread.start();
        return p;
    }

    /** Completes when the poller has stopped: normally after {@link #close()}, exceptionally on an error it stopped for. */
    public CompletableFuture<Void> stopped() {
        return config.stop();
    }

    /** Transports currently serviced (as of the last round). */
    public int registered() {
        return registeredCount;
    }

    /**
     * Services {@code transport}: each received batch goes to {@code handler} on the poller thread.
     * Allocates the transport's batch here, on the calling thread.
     */
    public void register(DatagramTransport transport, Handlers.BatchHandler handler) {
        if (config.stop().isDone()) {
            throw new IllegalStateException("the poller has stopped");
        }
        PacketBatch batch = PacketBatch.allocate(config.batchSize(), config.bufferCapacity(), config.headroom());
        boolean pollable = epoll != null && EpollSet.canWatch(transport);
        commands.add(() -> add(new Registration(transport, handler, batch, pollable)));
        wake();
    }

    /** Stops servicing {@code transport} (its pending batch callback, if running, completes first). */
    public void unregister(DatagramTransport transport) {
        commands.add(() -> {
            for (int i = 0; i < registrations.size(); i++) {
                if (registrations.get(i).transport == transport) {
                    drop(i);
                    return;
                }
            }
        });
        wake();
    }

    private void wake() {
        if (epoll != null) {
            epoll.wake();
        }
    }

    private void add(Registration r) {
        if (r.pollable) {
            try {
                if (!epoll.add(r.transport, registrations.size())) {
                    r.batch.close(); // closed before it was ever serviced
                    return;
                }
            } catch (IOException e) {
                r.batch.close();
                handleError(e);
                return;
            }
        } else {
            nonPollable++;
        }
        registrations.add(r);
        registeredCount = registrations.size();
    }

    /**
     * Removes registration {@code i}. Tokens are indexes: the last registration moves into the gap
     * and only its watch is re-keyed (one epoll_ctl), so the others keep theirs.
     */
    private void drop(int i) {
        Registration r = registrations.get(i);
        Registration last = registrations.removeLast();
        if (last != r) {
            registrations.set(i, last);
            if (last.pollable) {
                try {
                    epoll.rekey(last.transport, i);
                } catch (IOException e) {
                    last.maybeReady = true; // closed meanwhile: the next round notices and drops it
                }
            }
        }
        if (r.pollable) {
            try {
                epoll.remove(r.transport);
            } catch (IOException ignored) {
                // the transport closed meanwhile: the kernel already forgot it
            }
        } else {
            nonPollable--;
        }
        r.batch.close();
        registeredCount = registrations.size();
    }

    private void runLoop() {
        IdleStrategy idle = config.idle();
        Readiness readiness = this::awaitReady;
        try {
            while (!config.stop().isDone()) {
                Runnable c;
                while ((c = commands.poll()) != null) {
                    c.run();
                }
                if (epoll != null && !readinessCollected) {
                    collectReady(0); // level-triggered: note who is ready without waiting
                }
                readinessCollected = false;
                int work = serviceRound();
                idle.idle(work, readiness);
            }
        } catch (Throwable t) {
            config.stop().completeExceptionally(t);
        } finally {
            config.stop().complete(null);
            while (!registrations.isEmpty()) {
                drop(registrations.size() - 1);
            }
            // Registrations that never made it in: run them so their batches are added, then freed.
            Runnable c;
            while ((c = commands.poll()) != null) {
                c.run();
            }
            while (!registrations.isEmpty()) {
                drop(registrations.size() - 1);
            }
            if (epoll != null) {
                epoll.close();
            }
        }
    }

    /** One round: every transport that may be ready gets up to maxReady receives. */
    private int serviceRound() {
        int work = 0;
        for (int i = 0; i < registrations.size() && !config.stop().isDone(); i++) {
            Registration r = registrations.get(i);
            if (!r.transport.isOpen()) {
                drop(i--); // closed: the kernel already dropped it from the watch set
                continue;
            }
            if (r.pollable && !r.maybeReady) {
                continue;
            }
            r.maybeReady = false;
            try {
                for (int calls = 0; calls < config.maxReady(); calls++) {
                    int n = r.transport.recvBatch(r.batch);
                    if (n == 0) {
                        break;
                    }
                    work += n;
                    try {
                        r.handler.onBatch(r.batch, n);
                    } catch (Exception e) {
                        if (handleError(e)) {
                            return work;
                        }
                    }
                }
            } catch (ClosedChannelException closed) {
                drop(i--);
            } catch (IOException e) {
                if (handleError(e)) {
                    return work;
                }
            }
        }
        return work;
    }

    private boolean awaitReady(long timeoutNanos) throws IOException {
        if (epoll == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS));
            return true;
        }
        long wait = nonPollable > 0 ? Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS) : timeoutNanos;
        readinessCollected = true;
        return collectReady(wait) > 0;
    }

    private int collectReady(long timeoutNanos) throws IOException {
        int n = epoll.await(timeoutNanos);
        for (int i = 0; i < n; i++) {
            long token = epoll.token(i);
            if (token >= 0 && token < registrations.size()) {
                registrations.get((int) token).maybeReady = true;
            }
        }
        return n;
    }

    /** Returns true when the handler says stop (the stop future is then completed exceptionally). */
    private boolean handleError(Throwable e) {
        return LoopErrorHandler.stops(config.errorHandler(), e, config.stop());
    }

    /** Stops the poller thread and waits for it; frees the batches. Does not close the transports. */
    @Override
    public void close() throws InterruptedException {
        config.stop().complete(null);
        wake();
        thread.join();
    }
}
