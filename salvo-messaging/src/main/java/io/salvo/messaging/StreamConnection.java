package io.salvo.messaging;

import io.salvo.loop.Handlers;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Clt} over a byte stream: registered with its poller for its whole life, reading in the
 * background and finishing partial writes there; adds the per-frame read deadline (slowloris) to
 * the timed rules. The socket leaves the poller's epoll set while reading is paused (the
 * application does not keep up) and while a thread spins in {@code recv(timeout)} on it.
 */
final class StreamConnection<T> extends AbstractConnection<T> implements Handlers.StreamHandler {

    /** While reading is paused (the application does not keep up), how often queued output is retried. */
    private static final long PAUSED_FLUSH_NANOS = 10_000_000L;
    /**
     * While a spinning receiver has the socket, how often the poller looks whether any receive spun
     * since its last look (if none did, the socket goes back into the epoll set) and retries queued
     * output. So a parked receive, a handler or a future that follows spinning waits at most about
     * twice this for the poller to read again.
     */
    private static final long SPINNER_LOOK_NANOS = 2_000_000L;

    final StreamTransport transport;
    final StreamSendSide<T> out;
    private final long readDeadlineNanos;
    /** Whether the transport is in the poller's epoll set. Set before {@link #start}, then poller thread only. */
    private boolean inPollerSet;
    /** A thread spinning in {@code recv(timeout)} has the socket; it is out of the epoll set. Poller thread only. */
    private boolean spinnerOwned;
    /** {@code in.spinsBegun()} at the poller's last look while {@link #spinnerOwned}. Poller thread only. */
    private long spinsSeen;

    private StreamConnection(StreamTransport transport, MessagingConfig<T> config, MessagingPoller poller,
                             ConnectionOwner<T> owner, String role) {
        super(config, poller, owner, role, transport.remoteAddress(), c -> new InboundFrames(config.framer(), transport));
        this.transport = transport;
        this.readDeadlineNanos = config.readDeadline().toNanos();
        this.out = new StreamSendSide<>(this, config.codecs().get(), config.framer(), config.maxQueuedBytes());
    }

    /**
     * Wraps {@code transport} (which it now owns); {@link #start} begins servicing it. A server-side
     * connection whose protocol requires a login waits for it before it is handed over.
     */
    static <T> StreamConnection<T> create(StreamTransport transport, MessagingConfig<T> config, MessagingPoller poller,
                                          ConnectionOwner<T> owner, boolean serverSide, MessageHandler<T> handler) {
        StreamConnection<T> c = new StreamConnection<>(transport, config, poller, owner, serverSide ? " <- " : " -> ");
        if (handler != null) {
            c.in.onMessage(handler);
        }
        if (serverSide && config.hooks().requiresLogin()) {
            c.expectLogin();
        }
        return c;
    }

    /** Registers with the poller and starts the timed rules. */
    void start() throws IOException {
        try {
            inPollerSet = true; // before register: the queued registration publishes it to the poller thread
            poller.poller().register(transport, this);
        } catch (IllegalStateException stopped) {
            close(CloseCause.SHUTDOWN, "the poller " + poller.name() + " has stopped", stopped);
            throw closedException();
        }
        startTimers();
    }

    @Override
    boolean hasTimedRules() {
        return readDeadlineNanos > 0 || super.hasTimedRules();
    }

    // ---------------------------------------------------------------- poller callbacks

    @Override
    public boolean onReadable(StreamTransport t) {
        poller.notePollerThread();
        return in.onPollerReadable();
    }

    @Override
    public void onWritable(StreamTransport t) {
        poller.notePollerThread();
        out.onPollerWritable();
    }

    @Override
    void onReadPaused() {
        inPollerSet(false); // a full buffer must not keep a level-triggered epoll busy
        poller.schedule(deadlines, System.nanoTime() + PAUSED_FLUSH_NANOS);
    }

    @Override
    void onReadResumed() {
        if (!spinnerOwned) {
            backIntoPollerSet();
        }
    }

    /**
     * A spinning receiver reads every message itself; woken for each one, the poller would only
     * find it read (and on a machine with fewer cores than busy threads, take a core from the
     * spinner). So the socket leaves the epoll set until the timer sees no thread spinning.
     */
    @Override
    boolean leaveToSpinner() {
        if (in.isPaused() || !inPollerSet) {
            return false;
        }
        inPollerSet(false);
        spinnerOwned = true;
        spinsSeen = in.spinsBegun();
        poller.schedule(deadlines, System.nanoTime() + SPINNER_LOOK_NANOS);
        return true;
    }

    /** Back into the epoll set, with write interest (the next writable call turns it off if nothing is queued). */
    private void backIntoPollerSet() {
        if (transport.isOpen()) {
            inPollerSet(true);
            poller.poller().setWriteInterest(transport, true);
        }
    }

    private void inPollerSet(boolean wanted) {
        if (wanted == inPollerSet) {
            return;
        }
        inPollerSet = wanted;
        if (wanted) {
            poller.poller().register(transport, this);
        } else {
            poller.poller().unregister(transport);
        }
    }

    @Override
    long moreDeadlines(long now, long next) {
        boolean paused = in.isPaused();
        if (readDeadlineNanos > 0 && !paused) {
            long since = in.partialSinceNanos();
            if (since != 0 && now - since >= readDeadlineNanos) {
                close(CloseCause.READ_DEADLINE, "a frame was still incomplete " + (now - since) / 1_000_000
                        + " ms after its first byte (" + in.partialBytes() + " bytes of it received; read deadline "
                        + config.readDeadline().toMillis() + " ms)", null);
                return DeadlineQueue.NONE;
            }
            next = earliest(next, since != 0 ? since + readDeadlineNanos : now + readDeadlineNanos);
        }
        if (paused && out.hasQueued()) {
            out.flushFromPoller(); // out of the epoll set meanwhile: no write interest to be had
            next = earliest(next, now + PAUSED_FLUSH_NANOS);
        }
        if (spinnerOwned) {
            long begun = in.spinsBegun();
            if (in.spinners() == 0 && begun == spinsSeen) { // nobody spun since the last look: back to the poller
                spinnerOwned = false;
                if (!paused) {
                    backIntoPollerSet();
                }
            } else {
                spinsSeen = begun;
                if (out.hasQueued()) {
                    out.flushFromPoller(); // out of the epoll set meanwhile: no write interest to be had
                }
                next = earliest(next, now + SPINNER_LOOK_NANOS);
            }
        }
        return next;
    }

    // ---------------------------------------------------------------- AbstractConnection

    @Override
    void closeTransport() {
        transport.close();
    }

    @Override
    void discardOutbound() {
        out.discardOnClose();
    }

    @Override
    boolean sendAutomatic(T message) {
        return out.sendAutomatic(message);
    }

    @Override
    void sendHeartbeat() {
        out.sendHeartbeat();
    }

    @Override
    long lastSendNanos() {
        return out.lastSendNanos();
    }

    // ---------------------------------------------------------------- Clt: the sending half and the rest

    @Override
    public boolean trySend(T message) throws IOException {
        return out.trySend(message);
    }

    @Override
    public boolean tryEnqueue(T message) throws IOException {
        return out.tryEnqueue(message);
    }

    @Override
    public long flush() throws IOException {
        return out.flush();
    }

    @Override
    public void send(T message, Duration timeout) throws IOException {
        out.send(message, timeout);
    }

    @Override
    public void send(T message) throws IOException {
        out.send(message);
    }

    @Override
    public CompletableFuture<Void> sendAsync(T message) {
        return out.sendAsync(message);
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public ConnectionStats stats() {
        return new ConnectionStats(in.messagesIn, out.messagesOut, in.bytesIn, out.bytesOut, out.writeCalls,
                in.gate.rejected, in.gate.autoReplied, in.gate.heartbeatsIn, out.heartbeatsOut, out.queuedBytes, 0, 0, 0, 0,
                closeCause());
    }
}
