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
 * the timed rules.
 */
final class StreamConnection<T> extends AbstractConnection<T> implements Handlers.StreamHandler {

    /** While reading is paused (the application does not keep up), how often queued output is retried. */
    private static final long PAUSED_FLUSH_NANOS = 10_000_000L;

    final StreamTransport transport;
    final StreamSendSide<T> out;
    private final long readDeadlineNanos;

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
        poller.poller().unregister(transport); // a full buffer must not keep a level-triggered epoll busy
        poller.schedule(deadlines, System.nanoTime() + PAUSED_FLUSH_NANOS);
    }

    @Override
    void onReadResumed() {
        if (transport.isOpen()) {
            poller.poller().register(transport, this);
            poller.poller().setWriteInterest(transport, true); // the next writable call turns it off if nothing is queued
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
