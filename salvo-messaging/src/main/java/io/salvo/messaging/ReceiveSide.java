package io.salvo.messaging;

import io.salvo.stream.ConnectionResetException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving half of a connection, over an {@link Inbound}. Two parties share it under one
 * lock: the application's thread (on a stream it reads the socket itself when nothing is buffered,
 * for latency) and the poller thread (it reads in the background whenever the socket is readable,
 * or queues arriving datagrams, so parked receivers need no system call of their own, and wakes
 * them). The poller only adds; the frame a receiver took stays in place until that receiver's
 * next receive.
 *
 * <p>When the application does not keep up and a stream's buffer fills, the poller stops reading
 * (the connection leaves the epoll set, so a full buffer costs no CPU) and the kernel's buffers,
 * then the peer, absorb the rest: back pressure. The next receive that makes room resumes it.
 */
final class ReceiveSide<T> {

    /** Messages handed to a handler per poller turn, so one busy connection cannot starve the rest. */
    private static final int MAX_DELIVERIES_PER_TURN = 64;

    private final AbstractConnection<T> conn;
    private final ProtocolHooks<T> hooks;
    private final Codec<T> codec;
    private final Inbound frames;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when bytes arrived or the connection closed. */
    private final Condition arrived = lock.newCondition();
    private final Codec<T> screeningCodec;
    /** The next frame was screened by the poller: it is for the application, hooks already asked. */
    private boolean headScreened;
    /** Its message, when the codec makes plain objects (not decoded twice); null otherwise. */
    private T screenedMessage;
    private MessageHandler<T> handler;
    private CompletableFuture<T> pendingRecv;
    private boolean closeReported;
    private volatile boolean paused;
    private boolean resumeRequested;

    // Written under the lock, read anywhere (stats).
    volatile long messagesIn;
    volatile long bytesIn;
    volatile long rejected;
    volatile long autoReplied;
    volatile long heartbeatsIn;
    private volatile long lastReceiveNanos = System.nanoTime();

    ReceiveSide(AbstractConnection<T> conn, Codec<T> codec, Codec<T> screeningCodec, Inbound inbound) {
        this.conn = conn;
        this.hooks = conn.config.hooks();
        this.codec = codec;
        this.screeningCodec = screeningCodec;
        this.frames = inbound;
    }

    /** For a poller-side producer (the datagram queue) that adds under this side's lock. */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    // ---------------------------------------------------------------- the application's calls

    T tryRecv() throws IOException {
        lock.lock();
        try {
            return pollLocked(true, true);
        } finally {
            lock.unlock();
        }
    }

    T recv(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T m = tryRecv();
            if (m != null) {
                return m;
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            Thread.onSpinWait();
        }
    }

    T recv() throws IOException {
        return recvParked(-1, true);
    }

    T recvBlocking(Duration timeout) throws IOException {
        return recvParked(Math.max(0, timeout.toNanos()), true);
    }

    /** The client's wait for the login answer: the first message, past no hook. */
    T recvLogin(long timeoutNanos) throws IOException {
        return recvParked(timeoutNanos, false);
    }

    /** Parks until a message (the poller signals arrivals), the timeout ({@code < 0}: none) or the close. */
    private T recvParked(long timeoutNanos, boolean applyHooks) throws IOException {
        conn.checkNotPollerThread("recv");
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                T m = pollLocked(true, applyHooks);
                if (m != null) {
                    return m;
                }
                if (timeoutNanos < 0) {
                    arrived.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    arrived.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(conn.name() + ": interrupted while waiting for a message");
        } finally {
            lock.unlock();
        }
    }

    CompletableFuture<T> recvAsync() {
        lock.lock();
        try {
            if (pendingRecv != null) {
                throw new IllegalStateException(conn.name() + ": a recvAsync is still outstanding");
            }
            try {
                T m = pollLocked(true, true);
                if (m != null) {
                    return CompletableFuture.completedFuture(m);
                }
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            pendingRecv = new CompletableFuture<>();
            return pendingRecv;
        } finally {
            lock.unlock();
        }
    }

    void onMessage(MessageHandler<T> h) {
        java.util.Objects.requireNonNull(h, "handler");
        lock.lock();
        try {
            if (handler != null) {
                throw new IllegalStateException(conn.name() + ": a message handler is already set");
            }
            if (pendingRecv != null) {
                throw new IllegalStateException(conn.name() + ": a recvAsync is outstanding");
            }
            handler = h;
        } finally {
            lock.unlock();
        }
        conn.poller.execute(this::serviceFromPoller); // what is buffered already, or the close, goes to it now
    }

    // ---------------------------------------------------------------- taking messages

    /**
     * The next message for a receiver: buffered frames first, then (once) a read of the socket.
     *
     * @return the message, or null when none is complete
     * @throws ConnectionClosedException once closed and drained
     */
    private T pollLocked(boolean mayRead, boolean applyHooks) throws IOException {
        if (handler != null) {
            throw new IllegalStateException(conn.name() + ": the receiver is driven by its message handler");
        }
        while (true) {
            if (conn.isClosedLocally()) {
                throw conn.closedException();
            }
            frames.releaseTaken();
            resumeIfRoom();
            if (frames.hasFrame()) {
                T m = takeMessage(applyHooks);
                if (m != null) {
                    if (applyHooks) {
                        screenLocked(); // protocol messages behind it are handled now, not when the application next receives
                    }
                    return m;
                }
                continue; // swallowed by a hook, or the frame closed the connection
            }
            ConnectionClosedException closed = conn.closedException();
            if (closed != null) {
                throw closed;
            }
            if (!mayRead) {
                return null;
            }
            mayRead = false;
            read();
        }
    }

    /** Takes and decodes the next frame and runs the hooks; null when a hook swallowed it or it closed the connection. */
    private T takeMessage(boolean applyHooks) {
        boolean screened = headScreened;
        T decoded = screenedMessage;
        headScreened = false;
        screenedMessage = null;
        T m;
        int length = 0;
        try {
            length = frames.takeFrame();
            m = decoded != null ? decoded
                    : codec.decode(frames.buffer(), frames.payloadOffset(length), frames.payloadLength(length));
        } catch (FramingException | RuntimeException e) {
            refused(length, e);
            return null;
        }
        messagesIn++;
        return !applyHooks || screened || !consumedByProtocol(m) ? m : null;
    }

    private void refused(int length, Exception e) {
        frames.discardUntaken();
        conn.close(CloseCause.DECODE_ERROR, "the codec refused a frame of " + length + " bytes: " + e.getMessage(), e);
    }

    /** Heartbeats, rejected messages and those answered automatically: counted, never delivered. */
    private boolean consumedByProtocol(T m) {
        try {
            if (hooks.isHeartbeat(m)) {
                heartbeatsIn++;
                return true;
            }
            if (hooks.reject(m)) {
                rejected++;
                return true;
            }
            T reply = hooks.autoReply(m);
            if (reply != null) {
                autoReplied++;
                conn.sendAutomatic(reply);
                return true;
            }
            return false;
        } catch (RuntimeException hookFailed) {
            conn.close(CloseCause.HANDLER_FAILED, "a protocol hook threw " + hookFailed, hookFailed);
            return true;
        }
    }

    /**
     * Poller thread, while the application receives for itself: consumes the protocol's messages at
     * the head of what is buffered (heartbeats, pings, rejects) so they are handled even when the
     * application does not receive, up to the first message for the application, which is marked so
     * the hooks are not asked twice. Decodes with a codec of its own: the application's flyweight,
     * if it holds one, is not touched. A plain-object message decoded here is handed to the
     * application as is, not decoded again.
     */
    private void screenLocked() {
        while (!headScreened && !conn.isClosed()) {
            int length = 0;
            T m;
            try {
                length = frames.peekLength();
                if (length == 0) {
                    return;
                }
                m = screeningCodec.decode(frames.peekBuffer(), frames.peekOffset() + frames.payloadOffset(length),
                        frames.payloadLength(length));
            } catch (FramingException | RuntimeException e) {
                refused(length, e);
                return;
            }
            if (!consumedByProtocol(m)) {
                headScreened = true;
                screenedMessage = screeningCodec.isFlyweight() ? null : m;
                return;
            }
            messagesIn++;
            try {
                frames.dropPeeked();
            } catch (FramingException e) {
                refused(length, e);
                return;
            }
        }
    }

    /** One pull from the source; a failure or the end of the stream closes the connection here. */
    private int read() {
        try {
            int n = frames.pull();
            if (n > 0) {
                bytesIn += n;
                lastReceiveNanos = System.nanoTime();
            } else if (n < 0) {
                int partial = frames.partialBytes();
                if (partial > 0) {
                    conn.close(CloseCause.PEER_CLOSED_MID_FRAME, "the peer ended the stream " + partial
                            + " bytes into a frame", null);
                } else {
                    conn.close(CloseCause.PEER_CLOSED, "the peer ended the stream", null);
                }
            }
            return n;
        } catch (FramingException e) {
            conn.close(CloseCause.FRAMING_ERROR, e.getMessage(), e);
        } catch (ConnectionResetException e) {
            conn.close(CloseCause.RESET, "the peer reset the connection", e);
        } catch (ClosedChannelException e) {
            conn.close(CloseCause.LOCAL, "closed", e); // a no-op unless the transport was closed behind our back
        } catch (IOException e) {
            conn.close(CloseCause.IO_ERROR, e.toString(), e);
        }
        return -1;
    }

    // ---------------------------------------------------------------- the poller's side

    /** The socket is readable (poller thread): read in the background, wake receivers, serve poller-side consumers. */
    boolean onPollerReadable() {
        if (!lock.tryLock()) {
            return false; // a receiver is reading right now; epoll reports what it leaves
        }
        return serveLocked(true);
    }

    /**
     * A datagram was queued into the source (poller thread, with the lock taken by {@link #lock()};
     * released here): wake receivers, serve poller-side consumers.
     */
    void serveAfterArrivalLocked(long bytes) {
        bytesIn += bytes;
        lastReceiveNanos = System.nanoTime();
        serveLocked(false);
    }

    /** Serves with the lock held; releases it, then completes a recvAsync future if one is due. */
    private boolean serveLocked(boolean pull) {
        Runnable completion = null;
        boolean again = false;
        try {
            if (conn.isClosed()) {
                return false;
            }
            boolean pollerConsumes = handler != null || pendingRecv != null || conn.loginPending;
            if (pollerConsumes) {
                frames.releaseTaken();
                resumeIfRoom();
            }
            if (!pull || (!paused && frames.hasRoom() && read() != 0)) {
                arrived.signalAll();
            }
            if (conn.loginPending) {
                serveLoginLocked();
            }
            if (handler != null && !conn.loginPending) {
                again = deliverLocked(MAX_DELIVERIES_PER_TURN);
            } else if (pendingRecv != null) {
                completion = completeRecvLocked();
            } else if (!conn.loginPending && !conn.clientLoginInProgress) {
                screenLocked();
            }
            if (!paused && !again && !frames.hasRoom() && !conn.isClosed()) {
                paused = true; // nobody consumes now: stop reading until a receive makes room
                conn.onReadPaused();
            }
            return again;
        } finally {
            lock.unlock();
            if (completion != null) {
                completion.run();
            }
        }
    }

    /** Runs a turn from the poller's task queue (a handler was set). */
    private void serviceFromPoller() {
        if (conn.isClosed()) {
            afterClose();
            return;
        }
        lock.lock(); // not tryLock: nothing else would bring this turn back
        if (serveLocked(true)) {
            conn.poller.execute(this::serviceFromPoller);
        }
    }

    private void serveLoginLocked() {
        frames.releaseTaken();
        if (!frames.hasFrame()) {
            return;
        }
        T request = takeMessage(false);
        if (request != null) {
            conn.answerLogin(request);
        }
        frames.releaseTaken(); // the request is dead once answered
    }

    /** Hands up to {@code max} messages to the handler; true when more are buffered. */
    private boolean deliverLocked(int max) {
        for (int i = 0; i < max; i++) {
            frames.releaseTaken(); // the last message was valid during its call only
            if (!frames.hasFrame() || conn.isClosedLocally()) {
                return false;
            }
            T m = takeMessage(true);
            if (m == null) {
                continue;
            }
            try {
                handler.onMessage(conn, m);
            } catch (Exception e) {
                conn.close(CloseCause.HANDLER_FAILED, "the message handler threw " + e, e);
                return false;
            }
        }
        frames.releaseTaken();
        resumeIfRoom();
        return frames.hasFrame();
    }

    /** Completes the outstanding recvAsync if a message (or the close) is there; the completion runs after unlocking. */
    private Runnable completeRecvLocked() {
        CompletableFuture<T> f = pendingRecv;
        try {
            T m = pollLocked(false, true);
            if (m == null) {
                return null;
            }
            pendingRecv = null;
            return () -> f.complete(m);
        } catch (IOException e) {
            pendingRecv = null;
            return () -> f.completeExceptionally(e);
        }
    }

    /** If reading was paused and a receive made room, asks the poller to resume it. */
    private void resumeIfRoom() {
        if (paused && !resumeRequested && frames.hasRoomToResume()) {
            resumeRequested = true;
            conn.poller.execute(this::resume);
        }
    }

    private void resume() {
        lock.lock();
        try {
            resumeRequested = false;
            if (!paused || conn.isClosed()) {
                return;
            }
            paused = false;
            lastReceiveNanos = System.nanoTime(); // the silence was ours, not the peer's
            frames.restartPartialClock();
            conn.onReadResumed();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes parked receivers after a close (any thread). */
    void wakeOnClose() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** After a close (poller thread): the handler gets what had arrived, then the close; a pending recvAsync its answer. */
    void afterClose() {
        Runnable completion = null;
        MessageHandler<T> toTell = null;
        lock.lock();
        try {
            if (handler != null && !closeReported) {
                deliverLocked(Integer.MAX_VALUE);
                closeReported = true;
                toTell = handler;
            } else if (pendingRecv != null) {
                completion = completeRecvLocked();
            }
        } finally {
            lock.unlock();
        }
        if (completion != null) {
            completion.run();
        }
        if (toTell != null) {
            try {
                toTell.onClose(conn, conn.closedException());
            } catch (RuntimeException e) {
                System.getLogger(Clt.class.getName()).log(System.Logger.Level.WARNING,
                        conn.name() + ": the message handler's onClose threw", e);
            }
        }
    }

    Inbound inbound() {
        return frames;
    }

    boolean isPaused() {
        return paused;
    }

    long partialSinceNanos() {
        return frames.partialSinceNanos();
    }

    int partialBytes() {
        return frames.partialBytes();
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }
}
