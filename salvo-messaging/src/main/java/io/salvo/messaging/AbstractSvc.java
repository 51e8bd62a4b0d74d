package io.salvo.messaging;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What every {@link Svc} shares: the live connections, the hand-over (queue or callback), the
 * capacity rule and the counters. Subclasses accept (streams) or demultiplex (datagrams).
 */
abstract class AbstractSvc<T> implements Svc<T>, ConnectionOwner<T> {

    static final System.Logger LOG = System.getLogger(Svc.class.getName());
    /** Put in the hand-over queue when the service closes, so parked {@code accept} calls end. */
    private static final Object CLOSED = new Object();

    final MessagingConfig<T> config;
    final MessagingPoller poller;
    final Set<AbstractConnection<T>> live = ConcurrentHashMap.newKeySet();
    final SvcCounters counters = new SvcCounters();
    final AtomicBoolean closed = new AtomicBoolean();
    private final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private volatile Consumer<? super Clt<T>> acceptCallback;
    volatile MessageHandler<T> handler;

    AbstractSvc(MessagingConfig<T> config, MessagingPoller poller) {
        this.config = config;
        this.poller = poller;
    }

    /**
     * Whether a new connection fits (poller thread); a refusal is counted as
     * {@link CloseCause#OVER_CAPACITY} and logged (1st, 2nd, 4th, 8th... time: a flood does not flood the log).
     */
    boolean admit(Object peer) {
        if (live.size() < config.maxConnections()) {
            return true;
        }
        long refused = counters.closed(CloseCause.OVER_CAPACITY);
        if (Long.bitCount(refused) == 1) {
            LOG.log(System.Logger.Level.WARNING, config.name() + ": at maxConnections (" + config.maxConnections()
                    + "): refused a connection from " + peer + "; " + refused + " refused so far");
        }
        return false;
    }

    @Override
    public void onReady(Clt<T> connection) {
        Consumer<? super Clt<T>> callback = acceptCallback;
        if (callback == null) {
            ready.add(connection);
        } else {
            handOver(callback, connection);
        }
    }

    private void handOver(Consumer<? super Clt<T>> callback, Clt<T> connection) {
        try {
            callback.accept(connection);
        } catch (RuntimeException e) {
            ((AbstractConnection<T>) connection).close(CloseCause.HANDLER_FAILED, "the accept callback threw " + e, e);
        }
    }

    @Override
    public void onClosed(Clt<T> connection, CloseCause cause) {
        if (live.remove(connection)) {
            counters.closed(cause);
            counters.retire(connection.stats());
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Clt<T> accept(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Object next = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Clt<T> c = handedOver(next);
                if (c != null || next == null) {
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(config.name() + ": interrupted while waiting for a connection");
        }
    }

    @Override
    public Clt<T> tryAccept() throws IOException {
        for (Object next; (next = ready.poll()) != null; ) {
            Clt<T> c = handedOver(next);
            if (c != null) {
                return c;
            }
        }
        if (closed.get()) {
            throw new ClosedChannelException();
        }
        return null;
    }

    /** The connection in a queue entry, or null for one that closed meanwhile; throws once the service closed. */
    @SuppressWarnings("unchecked")
    private Clt<T> handedOver(Object entry) throws ClosedChannelException {
        if (entry == CLOSED) {
            ready.add(CLOSED); // for the next caller
            throw new ClosedChannelException();
        }
        Clt<T> c = (Clt<T>) entry;
        return c != null && c.isOpen() ? c : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onAccept(Consumer<? super Clt<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        acceptCallback = callback;
        poller.execute(() -> { // on the thread that hands connections over, so none slips between queue and callback
            for (Object next; (next = ready.poll()) != null; ) {
                if (next == CLOSED) {
                    ready.add(CLOSED);
                    return;
                }
                handOver(callback, (Clt<T>) next);
            }
        });
    }

    @Override
    public void onMessage(MessageHandler<T> h) {
        handler = Objects.requireNonNull(h, "handler");
    }

    @Override
    public List<Clt<T>> connections() {
        return new ArrayList<>(live);
    }

    @Override
    public SvcStats stats() {
        List<ConnectionStats> now = new ArrayList<>();
        for (AbstractConnection<T> c : live) {
            now.add(c.stats());
        }
        return counters.snapshot(now);
    }

    /** Stops the source of new connections (poller unregistration, socket close). */
    abstract void stopListening();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopListening();
        for (AbstractConnection<T> c : new ArrayList<>(live)) {
            c.close(CloseCause.SHUTDOWN, "the service " + config.name() + " closed", null);
        }
        ready.add(CLOSED);
        MessagingPoller.release(config, poller);
    }
}
