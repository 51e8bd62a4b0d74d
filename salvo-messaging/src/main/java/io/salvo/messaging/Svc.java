package io.salvo.messaging;

import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A typed service: listens, and makes a {@link Clt} for each connection it accepts (for each peer
 * address, over datagrams), up to {@link MessagingConfig#maxConnections()} at once; a connection
 * beyond that is accepted and closed at once, counted as {@link CloseCause#OVER_CAPACITY} and
 * logged. Connections that must log in ({@link ProtocolHooks#requiresLogin()}) are handed over only
 * once they have.
 *
 * <p>Hand-over, pick one: {@link #accept(Duration)}/{@link #tryAccept()} take new connections from
 * a queue (a thread, or a virtual thread, per connection); {@link #onAccept} gets each on the
 * poller thread; {@link #onMessage} makes every new connection hand its messages to one handler on
 * the poller thread (one thread for every connection).
 *
 * <p>Thread-safe. {@link #close()} stops listening and closes every connection.
 *
 * @param <T> the message type
 */
public interface Svc<T> extends AutoCloseable {

    /**
     * Listens on {@code local}: TCP for an {@link java.net.InetSocketAddress} (port 0 picks a free
     * port, see {@link #localAddress()}), a Unix stream socket for a
     * {@link java.net.UnixDomainSocketAddress} (which must not exist yet) or an abstract name.
     *
     * @throws java.net.BindException if the address is in use
     */
    static <T> Svc<T> bind(SocketAddress local, MessagingConfig<T> config) throws IOException {
        return StreamSvc.bind(local, config);
    }

    /**
     * Serves datagrams arriving on {@code transport}, one connection per peer address; unreliable
     * like {@link Clt#overDatagrams}. The service now owns the transport.
     */
    static <T> Svc<T> overDatagrams(DatagramTransport transport, MessagingConfig<T> config) throws IOException {
        return DatagramSvc.open(transport, config);
    }

    /** The configuration's name. */
    String name();

    /** The bound address (with the port the kernel chose). */
    SocketAddress localAddress();

    /**
     * The next new connection, parking the caller up to {@code timeout} (virtual threads welcome).
     *
     * @return the connection, or null on timeout
     */
    Clt<T> accept(Duration timeout) throws IOException;

    /** The next new connection if one is waiting, else null. Never blocks. */
    Clt<T> tryAccept() throws IOException;

    /**
     * Hands each new connection (and those waiting for {@link #accept}) to {@code callback} on the
     * poller thread instead of the queue; it must not block.
     */
    void onAccept(Consumer<? super Clt<T>> callback);

    /**
     * Every connection accepted from now on hands its messages to {@code handler} on the poller
     * thread ({@link CltReceiver#onMessage}); set it before clients connect.
     */
    void onMessage(MessageHandler<T> handler);

    /** The live connections, a snapshot. */
    List<Clt<T>> connections();

    /** A snapshot of the counters. */
    SvcStats stats();

    /** Stops listening and closes every connection ({@link CloseCause#SHUTDOWN}). Idempotent. */
    @Override
    void close();
}
