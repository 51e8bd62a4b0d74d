package io.salvo.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The receiving half of a connection. Bytes are read into the connection's own buffer, by the
 * receiving thread or, in the background, by the poller thread; a frame split across any number of
 * reads is reassembled there and decoded only when complete.
 *
 * <p><b>Message lifetime.</b> With a flyweight codec ({@link Codec#isFlyweight()}) a received
 * message is a view over that buffer: valid until the next receive on this connection (any of the
 * methods below), so copy what you keep. With plain objects it is yours.
 *
 * <p><b>Flavours.</b> {@link #tryRecv} never blocks; {@link #recv(Duration)} spins;
 * {@link #recv()} parks (virtual threads included, without pinning a carrier);
 * {@link #recvAsync} and {@link #onMessage} are served by the poller thread. Receiving is
 * thread-safe (calls are serialised), but one receiving thread at a time is the intended use.
 * Once {@link #onMessage} set a handler, the poller thread owns the receiver and the other
 * methods throw {@link IllegalStateException}.
 *
 * <p><b>End.</b> After the connection closes, the messages that had arrived complete are still
 * delivered (unless this side closed it), then every receive throws {@link ConnectionClosedException}
 * naming the {@link CloseCause}.
 *
 * @param <T> the message type
 */
public interface CltReceiver<T> {

    /**
     * The next message if one is complete, reading the socket once if none is buffered. Never blocks.
     *
     * @return the message, or null when no complete message is there
     */
    T tryRecv() throws IOException;

    /**
     * Busy-spins ({@link Thread#onSpinWait()}, no parking) until a message is complete or
     * {@code timeout} passes. For latency-critical threads that own a core.
     *
     * <p>While a thread spins here, the connection's poller stops watching a stream socket (it
     * would be woken for every message this thread reads itself, and take a core from it); it
     * watches again a few milliseconds after the last spinning receive, so a parked receive, a
     * future or a handler that follows spinning may wait that long for its first message.
     *
     * @return the message, or null when none completed within the timeout
     */
    T recv(Duration timeout) throws IOException;

    /**
     * Parks the calling thread until a message is complete; the poller thread reads in the
     * background and wakes it. Must not be called on the poller thread.
     *
     * @throws java.io.InterruptedIOException if the thread was interrupted while waiting
     * @throws IllegalStateException on the poller thread
     */
    T recv() throws IOException;

    /** Like {@link #recv()}, giving up after {@code timeout}: returns null then. */
    T recvBlocking(Duration timeout) throws IOException;

    /**
     * A future completed with the next message by the poller thread (or at once, if one is
     * buffered). One may be outstanding at a time; a flyweight message stays valid until the next
     * receive, so finish with it before asking for the next one. Dependent actions attached before
     * completion run on the poller thread and must not block.
     *
     * @throws IllegalStateException if another {@code recvAsync} is still outstanding
     */
    CompletableFuture<T> recvAsync();

    /**
     * Hands every message from now on (and those already buffered) to {@code handler} on the poller
     * thread, and the close to {@link MessageHandler#onClose}. Set once. A handler that throws
     * closes the connection with {@link CloseCause#HANDLER_FAILED}.
     *
     * @throws IllegalStateException if a handler is already set
     */
    void onMessage(MessageHandler<T> handler);
}
