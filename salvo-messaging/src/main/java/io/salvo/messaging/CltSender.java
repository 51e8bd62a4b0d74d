package io.salvo.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The sending half of a connection. Every send encodes the message into the connection's bounded
 * outbound queue (one frame, with no copy of the payload) and writes the queue to the kernel with
 * gathering writes: messages queued while the kernel was busy leave together in one system call. A
 * write the kernel takes only part of is finished, by the next send or by the poller thread, before
 * any later message: order is kept. A message is not referenced after the call that queued it
 * returns (flyweights may be reused at once).
 *
 * <p>Three flavours: {@link #trySend} never blocks; {@link #send(Object, Duration)} spins;
 * {@link #send(Object)} parks the calling thread (virtual threads included, without pinning a
 * carrier); {@link #sendAsync} returns a future. All are thread-safe: threads may send concurrently
 * and each message is written whole.
 *
 * <p>Exceptions: {@link ConnectionClosedException} once the connection is closed;
 * {@link FramingException} for a message that cannot be a frame (too long for
 * {@link Framer#maxFrameSize()}), which leaves the connection open;
 * {@link OutboundQueueFullException} when the queue stays full past the allowed wait.
 *
 * @param <T> the message type
 */
public interface CltSender<T> {

    /**
     * Queues {@code message} and writes what the kernel takes now. Never blocks.
     *
     * @return true if queued (it will be written, in order, unless the connection closes); false
     *         when the outbound queue is at its bound ({@link MessagingConfig#maxQueuedBytes()}): nothing queued
     */
    boolean trySend(T message) throws IOException;

    /**
     * Queues {@code message} without a system call; the queue is written by the next send or
     * {@link #flush()} on any thread, or by the poller thread soon after. Queue a burst, then flush,
     * and the burst leaves in one gathering write. Never blocks.
     *
     * @return true if queued; false when the queue is at its bound
     */
    boolean tryEnqueue(T message) throws IOException;

    /**
     * Writes as much of the queue as the kernel takes now. Never blocks.
     *
     * @return bytes still queued afterwards
     */
    long flush() throws IOException;

    /**
     * Busy-spins ({@link Thread#onSpinWait()}, no parking) until {@code message} is queued, writing
     * the queue itself meanwhile. For latency-critical threads that own a core.
     *
     * @throws OutboundQueueFullException if the queue stayed full for {@code timeout}
     */
    void send(T message, Duration timeout) throws IOException;

    /**
     * Parks the calling thread until {@code message} is queued, at most
     * {@link MessagingConfig#sendTimeout()}; the poller thread wakes it when the kernel takes
     * queued bytes. Must not be called on the poller thread (it would wait for itself).
     *
     * @throws OutboundQueueFullException if the queue stayed full for the send timeout
     * @throws java.io.InterruptedIOException if the thread was interrupted while waiting
     * @throws IllegalStateException on the poller thread
     */
    void send(T message) throws IOException;

    /**
     * Queues {@code message} now and returns a future that completes when its last byte was
     * taken by the kernel. Never blocks. The future fails with {@link OutboundQueueFullException}
     * at once when the queue is at its bound (nothing queued), and with
     * {@link ConnectionClosedException} if the connection closes first. Its dependent actions run
     * on the thread that completed it (the poller thread, or a sending thread): they must not block.
     */
    CompletableFuture<Void> sendAsync(T message);
}
