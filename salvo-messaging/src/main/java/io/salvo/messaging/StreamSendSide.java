package io.salvo.messaging;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a {@link StreamConnection}: an {@link OutboundQueue} under one lock, written
 * by whichever thread sends and, when the kernel took only part, finished by the poller thread
 * (write interest), which wakes parked senders as room frees.
 *
 * <p>A write failure closes the connection only after the lock is released (a close takes the
 * receive side's lock, which may be held by a thread waiting for this one).
 */
final class StreamSendSide<T> {

    private final StreamConnection<T> conn;
    private final Codec<T> codec;
    private final OutboundQueue queue;
    private final long sendTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the kernel took queued bytes, or the connection closed. */
    private final Condition room = lock.newCondition();
    private boolean writeInterest;
    /** sendAsync futures, by the queue position just past their message. */
    private final ArrayDeque<PendingSend> pendingSends = new ArrayDeque<>();

    // Written under the lock, read anywhere (stats, timers).
    volatile long messagesOut;
    volatile long bytesOut;
    volatile long writeCalls;
    volatile long heartbeatsOut;
    volatile long queuedBytes;
    private volatile long lastSendNanos = System.nanoTime();
    private final OutboundQueue.WriteCounter countWrite = () -> writeCalls++;

    private record PendingSend(long end, CompletableFuture<Void> future) {
    }

    StreamSendSide(StreamConnection<T> conn, Codec<T> codec, Framer framer, int maxQueuedBytes) {
        this.conn = conn;
        this.codec = codec;
        this.queue = new OutboundQueue(framer, maxQueuedBytes);
        this.sendTimeoutNanos = conn.config.sendTimeout().toNanos();
    }

    boolean trySend(T message) throws IOException {
        return offer(message, true);
    }

    boolean tryEnqueue(T message) throws IOException {
        return offer(message, false);
    }

    private boolean offer(T message, boolean write) throws IOException {
        IOException failure = null;
        boolean queued;
        List<CompletableFuture<Void>> done;
        lock.lock();
        try {
            conn.checkOpen();
            queued = enqueueLocked(message);
            if (queued && write) {
                failure = writeLocked();
            } else if (queued) {
                requestWriteInterest(); // the poller writes the burst at its next turn, unless a flush comes first
            }
            done = takeWrittenLocked();
        } finally {
            lock.unlock();
        }
        finish(done, failure);
        return queued;
    }

    long flush() throws IOException {
        IOException failure;
        List<CompletableFuture<Void>> done;
        long left;
        lock.lock();
        try {
            conn.checkOpen();
            failure = writeLocked();
            done = takeWrittenLocked();
            left = queue.queuedBytes();
        } finally {
            lock.unlock();
        }
        finish(done, failure);
        return left;
    }

    void send(T message, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            IOException failure;
            boolean queued;
            List<CompletableFuture<Void>> done;
            lock.lock();
            try {
                conn.checkOpen();
                queued = enqueueLocked(message);
                failure = writeLocked(); // also when full: a spinning sender drains the queue itself
                done = takeWrittenLocked();
            } finally {
                lock.unlock();
            }
            finish(done, failure);
            if (queued) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw full(timeout.toMillis());
            }
            Thread.onSpinWait();
        }
    }

    void send(T message) throws IOException {
        conn.checkNotPollerThread("send");
        long deadline = System.nanoTime() + sendTimeoutNanos;
        IOException failure = null;
        List<CompletableFuture<Void>> done;
        lock.lock();
        try {
            while (true) {
                conn.checkOpen();
                if (enqueueLocked(message)) {
                    failure = writeLocked();
                    break;
                }
                long before = queue.writtenTotal();
                failure = writeLocked();
                if (failure != null) {
                    break;
                }
                if (queue.writtenTotal() != before) {
                    continue; // our own write made room
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw full(sendTimeoutNanos / 1_000_000);
                }
                room.awaitNanos(left); // the poller signals when the kernel takes queued bytes
            }
            done = takeWrittenLocked();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(conn.name() + ": interrupted while waiting for room to send");
        } finally {
            lock.unlock();
        }
        finish(done, failure);
    }

    CompletableFuture<Void> sendAsync(T message) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        IOException failure;
        List<CompletableFuture<Void>> done;
        lock.lock();
        try {
            conn.checkOpen();
            if (!enqueueLocked(message)) {
                return CompletableFuture.failedFuture(full(0));
            }
            pendingSends.addLast(new PendingSend(queue.enqueuedTotal(), future));
            failure = writeLocked();
            done = takeWrittenLocked();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
        try {
            finish(done, failure);
        } catch (IOException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * A message the protocol sends by itself (login answer, automatic reply), never waiting; a full
     * queue closes the connection ({@link CloseCause#OUTBOUND_QUEUE_FULL}): the peer is not reading.
     *
     * @return false if the connection is (now) closed
     */
    boolean sendAutomatic(T message) {
        try {
            if (trySend(message)) {
                return true;
            }
            conn.close(CloseCause.OUTBOUND_QUEUE_FULL, "an automatic message found " + queue.queuedBytes()
                    + " bytes queued (bound " + conn.config.maxQueuedBytes() + ")", null);
        } catch (FramingException e) {
            conn.close(CloseCause.IO_ERROR, "an automatic message cannot be framed: " + e.getMessage(), e);
        } catch (IOException closed) {
            // closed meanwhile: nothing to add
        }
        return false;
    }

    /** Timer (poller thread): a heartbeat when nothing is queued; with data queued the line is not idle. */
    void sendHeartbeat() {
        T beat = conn.config.hooks().heartbeat();
        if (beat == null) {
            return;
        }
        lock.lock();
        try {
            if (!queue.isEmpty()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        if (sendAutomatic(beat)) {
            heartbeatsOut++;
        }
    }

    /** The socket has room (poller thread, write interest on): continue the queue; stop asking once it is empty. */
    void onPollerWritable() {
        if (!lock.tryLock()) {
            return; // a sender is writing right now; the interest stays on
        }
        IOException failure;
        List<CompletableFuture<Void>> done;
        try {
            failure = writeLocked();
            if (queue.isEmpty()) {
                writeInterest = false;
                conn.poller.poller().setWriteInterest(conn.transport, false); // a no-op when already off
            }
            done = takeWrittenLocked();
        } finally {
            lock.unlock();
        }
        try {
            finish(done, failure);
        } catch (IOException closed) {
            // the connection is closed and counted
        }
    }

    /**
     * Timer (poller thread) while reading is paused: the connection is out of the epoll set, so
     * write interest cannot be had; resuming turns it back on.
     */
    void flushFromPoller() {
        onPollerWritable();
    }

    boolean hasQueued() {
        return queuedBytes > 0;
    }

    long lastSendNanos() {
        return lastSendNanos;
    }

    /** After a close: drop what is queued, fail async sends, wake parked senders. */
    void discardOnClose() {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        lock.lock();
        try {
            queue.discard();
            queuedBytes = 0;
            for (PendingSend p; (p = pendingSends.pollFirst()) != null; ) {
                failed.add(p.future());
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
        ConnectionClosedException e = conn.closedException();
        for (CompletableFuture<Void> f : failed) {
            f.completeExceptionally(e);
        }
    }

    // ---------------------------------------------------------------- under the lock

    private boolean enqueueLocked(T message) throws FramingException {
        if (queue.enqueue(codec, message) == 0) {
            return false;
        }
        messagesOut++;
        queuedBytes = queue.queuedBytes();
        lastSendNanos = System.nanoTime();
        return true;
    }

    /** Writes what the kernel takes; returns a failure rather than throwing it, for closing after unlock. */
    private IOException writeLocked() {
        if (queue.isEmpty()) {
            return null;
        }
        try {
            long n = queue.writeTo(conn.transport, countWrite);
            if (n > 0) {
                bytesOut += n;
                queuedBytes = queue.queuedBytes();
                room.signalAll();
            }
        } catch (IOException e) {
            return e;
        }
        if (!queue.isEmpty()) {
            requestWriteInterest();
        }
        return null;
    }

    private void requestWriteInterest() {
        if (!writeInterest) {
            writeInterest = true;
            conn.poller.poller().setWriteInterest(conn.transport, true);
        }
    }

    private List<CompletableFuture<Void>> takeWrittenLocked() {
        if (pendingSends.isEmpty() || pendingSends.peekFirst().end() > queue.writtenTotal()) {
            return null;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        while (!pendingSends.isEmpty() && pendingSends.peekFirst().end() <= queue.writtenTotal()) {
            done.add(pendingSends.pollFirst().future());
        }
        return done;
    }

    /** After unlocking: completes written async sends, then closes and throws on a write failure. */
    private void finish(List<CompletableFuture<Void>> done, IOException failure) throws IOException {
        if (done != null) {
            for (CompletableFuture<Void> f : done) {
                f.complete(null);
            }
        }
        if (failure != null) {
            throw conn.failed(failure);
        }
    }

    private OutboundQueueFullException full(long waitedMillis) {
        return new OutboundQueueFullException(conn.name() + ": the outbound queue holds " + queuedBytes
                + " bytes (bound " + conn.config.maxQueuedBytes() + ") and the peer took none of it"
                + (waitedMillis > 0 ? " for " + waitedMillis + " ms" : "") + ": it is not reading");
    }
}
