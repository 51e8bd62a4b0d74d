package io.salvo.messaging;

import io.salvo.stream.ConnectionResetException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every {@link Clt} shares, whatever carries its bytes: the receive side, the close (once,
 * with a cause, waking every waiter), the login exchange, heartbeats and the login timeout on the
 * poller's timer. Subclasses bring the transport and the send side.
 *
 * <p>Lock order: the receive side's lock may be held while taking the send side's (an automatic
 * reply), never the other way; a close is never started while holding the send side's lock.
 */
abstract class AbstractConnection<T> implements Clt<T> {

    static final System.Logger LOG = System.getLogger(Clt.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    final MessagingConfig<T> config;
    final MessagingPoller poller;
    final ReceiveSide<T> in;
    private final String name;
    private final ConnectionOwner<T> owner;
    final DeadlineQueue.Slot deadlines = new DeadlineQueue.Slot(this::onDeadline);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final long heartbeatNanos;
    private volatile Closed closed;
    /** Server side: the first message is the login, answered on the poller thread before anything else. */
    volatile boolean loginPending;
    private volatile long loginDeadline;
    /** Client side: the login answer is awaited; the poller leaves every message to the waiting thread. */
    volatile boolean clientLoginInProgress;

    private record Closed(CloseCause cause, String detail, Throwable root) {
        ConnectionClosedException exception() {
            return new ConnectionClosedException(cause, detail, root);
        }
    }

    AbstractConnection(MessagingConfig<T> config, MessagingPoller poller, ConnectionOwner<T> owner, String role,
                       Object peer, java.util.function.Function<AbstractConnection<T>, Inbound> inbound) {
        this.config = config;
        this.poller = poller;
        this.owner = owner;
        this.name = config.name() + "#" + IDS.incrementAndGet() + role + peer;
        this.heartbeatNanos = config.heartbeatInterval().toNanos();
        this.in = new ReceiveSide<>(this, config.codecs().get(), config.codecs().get(), inbound.apply(this));
    }

    /** Server side: the connection must log in within the handshake timeout before it is handed over. */
    void expectLogin() {
        loginPending = true;
        loginDeadline = System.nanoTime() + config.handshakeTimeout().toNanos();
    }

    /** Starts the timed rules on the poller's timer, if any applies. */
    void startTimers() {
        if (hasTimedRules()) {
            poller.execute(() -> poller.schedule(deadlines, System.nanoTime()));
        }
    }

    boolean hasTimedRules() {
        return heartbeatNanos > 0 || loginPending;
    }

    // ---------------------------------------------------------------- what subclasses bring

    /** Closes the transport (or leaves a shared one open); any thread. */
    abstract void closeTransport();

    /** Drops queued output, fails async sends, wakes parked senders (after a close). */
    abstract void discardOutbound();

    /**
     * Sends a message of the protocol's own (login answer, automatic reply, heartbeat) without
     * waiting; closes the connection when it cannot.
     *
     * @return false if the connection is (now) closed
     */
    abstract boolean sendAutomatic(T message);

    /** A heartbeat, unless output is queued already. */
    abstract void sendHeartbeat();

    /** When a message was last queued or sent. */
    abstract long lastSendNanos();

    /** The subclass's own timed rules; returns the earliest next deadline, or NONE once it closed the connection. */
    long moreDeadlines(long now, long next) {
        return next;
    }

    /** The receive side paused reading (poller thread). Streams only. */
    void onReadPaused() {
    }

    /** The receive side resumes reading (poller thread). Streams only. */
    void onReadResumed() {
    }

    /**
     * The socket is readable while a thread spins in {@code recv(timeout)} on it (poller thread):
     * whether the poller leaves the socket to that thread for now (streams: it leaves the epoll set,
     * so the poller is not woken for every message the spinner reads itself).
     */
    boolean leaveToSpinner() {
        return false;
    }

    // ---------------------------------------------------------------- login

    /** Client side: sends the login request, if the protocol has one, and checks the answer. */
    void clientLogin() throws IOException {
        T request = config.hooks().loginRequest();
        if (request == null) {
            return;
        }
        T response;
        clientLoginInProgress = true;
        try {
            send(request);
            response = in.recvLogin(config.handshakeTimeout().toNanos());
        } catch (ConnectionClosedException peerGone) {
            throw new ConnectionClosedException(CloseCause.HANDSHAKE_REJECTED,
                    name + ": the connection closed before the login was answered", peerGone);
        } finally {
            clientLoginInProgress = false;
        }
        if (response == null) {
            throw loginFailed(CloseCause.HANDSHAKE_TIMEOUT, "no login answer within "
                    + config.handshakeTimeout().toMillis() + " ms", null);
        }
        boolean accepted;
        try {
            accepted = config.hooks().isLoginAccepted(response);
        } catch (RuntimeException hookFailed) {
            throw loginFailed(CloseCause.HANDLER_FAILED, "isLoginAccepted threw " + hookFailed, hookFailed);
        }
        if (!accepted) {
            throw loginFailed(CloseCause.HANDSHAKE_REJECTED, "the server refused the login: " + response, null);
        }
    }

    /** Closes for a failed login and says why, even if the peer closed first (a refusal is often followed by a close). */
    private ConnectionClosedException loginFailed(CloseCause cause, String detail, Throwable root) {
        close(cause, detail, root);
        return new ConnectionClosedException(cause, name + ": " + detail, root);
    }

    /**
     * Server side, poller thread: answers the login request; hands the connection over when the
     * answer accepts it, else closes it.
     */
    void answerLogin(T request) {
        T answer;
        boolean accepted;
        try {
            answer = config.hooks().answerLogin(request);
            accepted = answer != null && config.hooks().isLoginAccepted(answer);
        } catch (RuntimeException hookFailed) {
            close(CloseCause.HANDLER_FAILED, "answerLogin threw " + hookFailed, hookFailed);
            return;
        }
        if (answer != null && !sendAutomatic(answer)) {
            return;
        }
        if (!accepted) {
            close(CloseCause.HANDSHAKE_REJECTED, answer == null ? "login refused without an answer"
                    : "login refused with " + answer, null);
            return;
        }
        loginPending = false;
        if (heartbeatNanos > 0) {
            // The timer slot waits for the login deadline; heartbeats are due long before it.
            poller.execute(() -> poller.schedule(deadlines, System.nanoTime()));
        }
        owner.onReady(this);
    }

    // ---------------------------------------------------------------- timed rules (poller thread)

    private long onDeadline(long now) {
        if (closed != null) {
            return DeadlineQueue.NONE;
        }
        long next = DeadlineQueue.NONE;
        if (loginPending) {
            if (now - loginDeadline >= 0) {
                close(CloseCause.HANDSHAKE_TIMEOUT, "no login within " + config.handshakeTimeout().toMillis() + " ms",
                        null);
                return DeadlineQueue.NONE;
            }
            next = loginDeadline;
        }
        if (heartbeatNanos > 0 && !loginPending) {
            if (now - lastSendNanos() >= heartbeatNanos) {
                sendHeartbeat();
            }
            long due = lastSendNanos() + heartbeatNanos;
            next = earliest(next, due - now > 0 ? due : now + heartbeatNanos); // none sent: look again later
            long silence = heartbeatNanos * config.missedHeartbeats();
            if (!in.isPaused()) {
                long lastIn = in.lastReceiveNanos();
                if (now - lastIn >= silence) {
                    close(CloseCause.HEARTBEAT_MISSED, "nothing received for " + (now - lastIn) / 1_000_000 + " ms ("
                            + config.missedHeartbeats() + " heartbeat intervals of "
                            + config.heartbeatInterval().toMillis() + " ms)", null);
                    return DeadlineQueue.NONE;
                }
                next = earliest(next, lastIn + silence);
            }
        }
        next = moreDeadlines(now, next);
        return closed != null ? DeadlineQueue.NONE : next;
    }

    static long earliest(long a, long b) {
        return a == DeadlineQueue.NONE || b - a < 0 ? b : a;
    }

    // ---------------------------------------------------------------- close

    /** Closes for {@code cause} (the first close wins); wakes every waiter; any thread not holding the send lock. */
    void close(CloseCause cause, String detail, Throwable root) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = new Closed(cause, name + ": " + detail, root);
        closeTransport();
        log(cause, detail, root);
        in.wakeOnClose();
        discardOutbound();
        owner.onClosed(this, cause);
        poller.execute(() -> {
            in.afterClose();
            MessagingPoller.release(config, poller);
        });
    }

    /**
     * One pull from {@code source} (under the receive side's lock); the end of the stream or a
     * failure closes the connection with its precise cause.
     *
     * @return what {@link Inbound#pull()} returned, or -1 once closed
     */
    int pull(Inbound source) {
        try {
            int n = source.pull();
            if (n < 0) {
                int partial = source.partialBytes();
                if (partial > 0) {
                    close(CloseCause.PEER_CLOSED_MID_FRAME, "the peer ended the stream " + partial + " bytes into a frame",
                            null);
                } else {
                    close(CloseCause.PEER_CLOSED, "the peer ended the stream", null);
                }
            }
            return n;
        } catch (FramingException e) {
            close(CloseCause.FRAMING_ERROR, e.getMessage(), e);
        } catch (IOException e) {
            failed(e);
        }
        return -1;
    }

    /** Closes for an I/O failure of a read or write and returns what to throw. */
    ConnectionClosedException failed(IOException e) {
        if (e instanceof ConnectionClosedException c) {
            return c;
        }
        if (e instanceof ConnectionResetException) {
            close(CloseCause.RESET, "the peer reset the connection", e);
        } else if (e instanceof ClosedChannelException) {
            close(CloseCause.LOCAL, "closed", e);
        } else {
            close(CloseCause.IO_ERROR, e.toString(), e);
        }
        return closedException();
    }

    private void log(CloseCause cause, String detail, Throwable root) {
        System.Logger.Level level = switch (cause) {
            case LOCAL, PEER_CLOSED, SHUTDOWN -> System.Logger.Level.DEBUG;
            case RESET, IO_ERROR -> System.Logger.Level.INFO;
            default -> System.Logger.Level.WARNING;
        };
        if (LOG.isLoggable(level)) {
            LOG.log(level, name + " closed, " + cause + ": " + detail + (root == null ? "" : " (" + root + ")"));
        }
    }

    boolean isClosed() {
        return closed != null;
    }

    /** Closed by this side's application: buffered messages are not delivered any more. */
    boolean isClosedLocally() {
        Closed c = closed;
        return c != null && c.cause() == CloseCause.LOCAL;
    }

    /** A fresh exception for the close, or null while open. */
    ConnectionClosedException closedException() {
        Closed c = closed;
        return c == null ? null : c.exception();
    }

    void checkOpen() throws ConnectionClosedException {
        Closed c = closed;
        if (c != null) {
            throw c.exception();
        }
    }

    void checkNotPollerThread(String operation) {
        if (poller.isPollerThread()) {
            throw new IllegalStateException(operation + " would park the poller thread " + poller.name()
                    + ", which serves this connection: use the non-blocking or asynchronous calls there");
        }
    }

    // ---------------------------------------------------------------- Clt: the receiving half and the rest

    @Override
    public T tryRecv() throws IOException {
        return in.tryRecv();
    }

    @Override
    public T recv(Duration timeout) throws IOException {
        return in.recv(timeout);
    }

    @Override
    public T recv() throws IOException {
        return in.recv();
    }

    @Override
    public T recvBlocking(Duration timeout) throws IOException {
        return in.recvBlocking(timeout);
    }

    @Override
    public CompletableFuture<T> recvAsync() {
        return in.recvAsync();
    }

    @Override
    public void onMessage(MessageHandler<T> handler) {
        in.onMessage(handler);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public CloseCause closeCause() {
        Closed c = closed;
        return c == null ? null : c.cause();
    }

    @Override
    public void close() {
        close(CloseCause.LOCAL, "closed by the application", null);
    }

    @Override
    public String toString() {
        return name;
    }
}
