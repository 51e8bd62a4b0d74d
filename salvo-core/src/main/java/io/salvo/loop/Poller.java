package io.salvo.loop;

import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread servicing many transports, after Aeron's agents: each registered transport gets its
 * own batch and batch callback; the thread receives from the ready ones in turn, at most
 * {@link LoopConfig#maxReady()} calls each per round so a flooded transport cannot starve a quiet
 * one, and idles with the configured strategy. With a blocking strategy on Linux it sleeps in
 * {@code epoll_wait} over every native transport (level-triggered), so an idle poller costs no CPU;
 * transports without a kernel object to wait on (loopback, the NIO fallback) are serviced every
 * round and cap the wait at 1 ms.
 *
 * <p>Readiness includes what a transport holds: one whose turn ends while it
 * {@linkplain DatagramTransport#holdsReceivedDatagrams() holds received datagrams} (the rest of a
 * GRO super-buffer the kernel no longer reports) stays on the ready list, and while that list is
 * not empty the poller does not block ({@code epoll_wait} with timeout 0) but services it next round.
 *
 * <p>{@link #register} and {@link #unregister} are thread-safe and take effect within one round
 * ({@code register} after the poller stopped throws {@link IllegalStateException}); commands still
 * queued when it stops are dropped with their batches.
 * A transport that closes is unregistered by the poller itself. Callbacks run on the poller thread;
 * an exception goes to the configured error handler (default: stop the poller, completing
 * {@link #stopped()} exceptionally). {@link #close()} stops the thread, waits for it, and frees the
 * batches; it does not close the transports.
 */
public final class Poller implements AutoCloseable {

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
    /** Registrations whose last turn left them holding received datagrams: the ready list, kept as their flags. */
    private int holding;

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

    private Poller(LoopConfig config, String name) throws IOException {
        this.config = config;
        this.epoll = NativeAccess.isAvailable() ? new EpollSet(256) : null;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::runLoop);
    }

    /** Starts a poller on a new platform thread named {@code name}. */
    public static Poller start(String name, LoopConfig config) throws IOException {
        Poller p = new Poller(config, name);
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
        holding = 0;
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
                continue;
            } catch (IOException e) {
                if (handleError(e)) {
                    return work;
                }
            }
            if (r.transport.holdsReceivedDatagrams()) {
                r.maybeReady = true; // the kernel will not report it: stay on the ready list
                holding++;
            }
        }
        return work;
    }

    private boolean awaitReady(long timeoutNanos) throws IOException {
        if (epoll == null) {
            if (holding == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS));
            }
            return true;
        }
        long wait = holding > 0 ? 0 // held datagrams are ready now: look at the kernel, do not wait on it
                : nonPollable > 0 ? Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS) : timeoutNanos;
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
