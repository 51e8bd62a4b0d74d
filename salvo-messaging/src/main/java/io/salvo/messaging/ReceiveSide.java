package io.salvo.messaging;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
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
    private final Codec<T> codec;
    private final Inbound frames;
    private final ReentrantLock lock = new ReentrantLock();
    /** Calls of the spinning {@link #recv(Duration)} begun and ended: their difference is the threads spinning now. */
    private final AtomicLong spinsBegun = new AtomicLong();
    private final AtomicLong spinsEnded = new AtomicLong();
    /** Signalled when bytes arrived or the connection closed. */
    private final Condition arrived = lock.newCondition();
    /** What the protocol consumes (heartbeats, rejects, automatic replies), with its counters. */
    final ProtocolGate<T> gate;
    private MessageHandler<T> handler;
    private CompletableFuture<T> pendingRecv;
    private boolean closeReported;
    private volatile boolean paused;
    private boolean resumeRequested;

    // Written under the lock, read anywhere (stats).
    volatile long messagesIn;
    volatile long bytesIn;
    private volatile long lastReceiveNanos = System.nanoTime();

    ReceiveSide(AbstractConnection<T> conn, Codec<T> codec, Codec<T> screeningCodec, Inbound inbound) {
        this.conn = conn;
        this.codec = codec;
        this.frames = inbound;
        this.gate = new ProtocolGate<>(conn, screeningCodec);
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

    /** Counted ({@link #spinners}), so the poller can leave the socket to this thread while it spins. */
    T recv(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        spinsBegun.incrementAndGet();
        try {
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
        } finally {
            spinsEnded.incrementAndGet();
        }
    }

    /** Threads spinning in {@link #recv(Duration)} now; any thread. */
    long spinners() {
        long ended = spinsEnded.get(); // first: then begun >= ended
        return spinsBegun.get() - ended;
    }

    /** Spinning receives begun so far; any thread. */
    long spinsBegun() {
        return spinsBegun.get();
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
                        messagesIn += gate.screen(frames); // protocol messages behind it: handled now, not at the next receive
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
        boolean screened = gate.isHeadScreened();
        T decoded = gate.takeScreened();
        T m;
        int length = 0;
        try {
            length = frames.takeFrame();
            m = decoded != null ? decoded
                    : codec.decode(frames.buffer(), frames.payloadOffset(0, length), frames.payloadLength(0, length));
        } catch (FramingException | RuntimeException e) {
            gate.refused(frames, length, e);
            return null;
        }
        messagesIn++;
        return !applyHooks || screened || !gate.consumed(m) ? m : null;
    }

    /** One pull from the source; a failure or the end of the stream closes the connection ({@link AbstractConnection#pull}). */
    private int read() {
        int n = conn.pull(frames);
        if (n > 0) {
            bytesIn += n;
            lastReceiveNanos = System.nanoTime();
        }
        return n;
    }

    // ---------------------------------------------------------------- the poller's side

    /** The socket is readable (poller thread): read in the background, wake receivers, serve poller-side consumers. */
    boolean onPollerReadable() {
        if (spinners() > 0 && conn.leaveToSpinner()) {
            return false; // the spinning thread reads for itself; the poller looks again later
        }
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
                messagesIn += gate.screen(frames);
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
