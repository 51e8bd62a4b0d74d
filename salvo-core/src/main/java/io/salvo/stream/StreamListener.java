package io.salvo.stream;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A listening stream socket: {@link #accept()} hands out connected {@link StreamTransport}s.
 *
 * <p>Non-blocking: {@code accept} returns {@code null} when no connection is waiting;
 * {@link #awaitAcceptable} waits for one without spinning. {@code accept} is for one thread at a
 * time; {@link #close()}, {@link #isOpen()}, {@link #localAddress()} and {@link #accepted()} are
 * safe from any thread, and closing while another thread waits or accepts is safe.
 *
 * @param <T> the kind of transport accepted
 */
public interface StreamListener<T extends StreamTransport> extends AutoCloseable {

    /**
     * Accepts one waiting connection.
     *
     * @return the connected transport (the caller owns it), or null when none is waiting
     * @throws java.nio.channels.ClosedChannelException if the listener is closed
     * @throws IOException for other failures (e.g. out of descriptors: {@code EMFILE})
     */
    T accept() throws IOException;

    /** Waits until a connection is waiting or the timeout passes; true at once when closed. */
    boolean awaitAcceptable(long timeoutNanos) throws IOException;

    /** The bound address (with the port the kernel chose for port 0). */
    SocketAddress localAddress();

    /** Connections accepted so far. */
    long accepted();

    /** False once closed. */
    boolean isOpen();

    /** Stops listening; connections already accepted stay open. Idempotent, never throws. */
    @Override
    void close();
}
