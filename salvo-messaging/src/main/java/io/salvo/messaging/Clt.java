package io.salvo.messaging;

import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A typed connection: messages of type {@code T} in both directions over a byte stream (TCP, a
 * Unix stream socket) or datagrams (UDP, Unix datagram, the loopback network). Clients make one with
 * {@link #connect}; a {@link Svc} makes one per accepted connection.
 *
 * <p>It is both halves at once, {@link CltSender} and {@link CltReceiver}, each with a
 * non-blocking, a spinning, a parking and an asynchronous flavour; see those for the contracts.
 * The halves are independent: one thread may send while another receives ({@link #split()}).
 *
 * <p><b>Resources.</b> A connection owns its socket and its buffers (native memory, about
 * {@code 2 * maxFrameSize} for receiving plus the outbound queue) and is serviced by a
 * {@link MessagingPoller}; {@link #close()} releases all three.
 *
 * <p><b>Datagrams</b> ({@link #overDatagrams}) are unreliable: one message per datagram, each with a
 * 4-byte sequence number, so what is lost, duplicated or reordered on the way is counted in
 * {@link #stats()}, never hidden and never repaired.
 *
 * @param <T> the message type
 */
public interface Clt<T> extends CltSender<T>, CltReceiver<T>, AutoCloseable {

    /**
     * Connects to {@code remote}: TCP for an {@link java.net.InetSocketAddress}, a Unix stream socket
     * for a {@link java.net.UnixDomainSocketAddress} or an abstract name. Each attempt may take
     * {@link MessagingConfig#connectTimeout()}; failed attempts are retried by
     * {@link MessagingConfig#retry()}; then the login of {@link ProtocolHooks#loginRequest()}, if
     * any, is exchanged within the handshake timeout. Blocks the caller; from a virtual thread the
     * kernel wait runs on a platform thread, so no carrier is pinned.
     *
     * @throws java.net.ConnectException if the last attempt was refused
     * @throws java.net.SocketTimeoutException if the last attempt timed out
     * @throws ConnectionClosedException if the login was refused or timed out (not retried)
     */
    static <T> Clt<T> connect(SocketAddress remote, MessagingConfig<T> config) throws IOException {
        return StreamConnector.connect(remote, config);
    }

    /**
     * Messages over a stream connection you opened yourself (say one end of
     * {@code UnixStreamTransport.pair()}); the connection now owns it. No login is exchanged.
     */
    static <T> Clt<T> over(StreamTransport transport, MessagingConfig<T> config) throws IOException {
        return StreamConnector.over(transport, config);
    }

    /**
     * Messages over datagrams to {@code peer} (null for a connected transport), one per datagram,
     * unreliable (see the class notes). The connection now owns the transport.
     */
    static <T> Clt<T> overDatagrams(DatagramTransport transport, SocketAddress peer, MessagingConfig<T> config)
            throws IOException {
        return DatagramConnection.client(transport, peer, config);
    }

    /** The name in logs: the configuration's name, a number and the peer. */
    String name();

    /** The local address. */
    SocketAddress localAddress();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** A snapshot of the counters; cheap, any thread. */
    ConnectionStats stats();

    /** False once closed, by either side or by a protocol rule. */
    boolean isOpen();

    /** Why it closed, or null while it is open. */
    CloseCause closeCause();

    /** The two halves, for a sending thread and a receiving thread. Both stay views of this connection. */
    default Split<T> split() {
        return new Split<>(this, this);
    }

    /**
     * Closes the connection ({@link CloseCause#LOCAL}): queued bytes not yet taken by the kernel
     * are discarded, waiting threads wake with {@link ConnectionClosedException}. Idempotent, any thread.
     */
    @Override
    void close();

    /** The halves of a connection. */
    record Split<T>(CltSender<T> sender, CltReceiver<T> receiver) {
    }
}
