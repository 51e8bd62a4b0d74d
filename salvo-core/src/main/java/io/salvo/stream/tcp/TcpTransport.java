package io.salvo.stream.tcp;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A TCP connection: {@link StreamTransport} over IPv4 or IPv6, native (FFM: {@code read}/
 * {@code readv}, {@code send}/{@code sendmsg} with {@code MSG_NOSIGNAL}, no JDK channel in between)
 * where available, else over a {@link java.nio.channels.SocketChannel} with the same contract.
 *
 * <pre>{@code
 * try (TcpTransport c = TcpTransport.connect(server, Duration.ofSeconds(2))) {
 *     DatagramBuffer out = DatagramBuffer.allocate(4096, 0).writeInt(5).writeBytes("hello".getBytes());
 *     while (!out.isEmpty()) { if (c.write(out) == 0) c.awaitWritable(1_000_000_000L); }
 * }
 * }</pre>
 */
public interface TcpTransport extends StreamTransport {

    /** Connects with {@link TcpOptions#defaults()}; see {@link #connect(InetSocketAddress, TcpOptions, Duration)}. */
    static TcpTransport connect(InetSocketAddress remote, Duration timeout) throws IOException {
        return connect(remote, TcpOptions.defaults(), timeout);
    }

    /**
     * Opens a connection to {@code remote}, blocking the caller until it is established or the
     * timeout passes (a non-blocking {@code connect} and a {@code poll(2)}: no thread is parked in
     * the kernel past the timeout). IPv4 addresses are reached over an IPv4 socket, IPv6 ones over IPv6.
     *
     * @throws java.net.ConnectException if the peer refused (nothing listens there)
     * @throws java.net.SocketTimeoutException if the timeout passed first (the attempt is abandoned)
     * @throws java.net.NoRouteToHostException if there is no route to the peer
     * @throws java.nio.channels.UnresolvedAddressException if {@code remote} is unresolved
     */
    static TcpTransport connect(InetSocketAddress remote, TcpOptions options, Duration timeout) throws IOException {
        return SalvoEvents.opened(switch (options.implementation) {
            case NIO -> NioTcpTransport.connect(remote, options, timeout);
            case NATIVE -> {
                requireNative();
                yield NativeTcpTransport.connect(remote, options, timeout);
            }
            case AUTO -> {
                if (NativeAccess.isAvailable()) {
                    yield NativeTcpTransport.connect(remote, options, timeout);
                }
                TcpFallbackNotice.logOnce();
                yield NioTcpTransport.connect(remote, options, timeout);
            }
        });
    }

    private static void requireNative() {
        if (!NativeAccess.isAvailable()) {
            throw new UnsupportedOperationException(NativeAccess.unavailableReason());
        }
    }

    @Override
    InetSocketAddress localAddress();

    @Override
    InetSocketAddress remoteAddress();

    /** {@code TCP_NODELAY} now. */
    void setNoDelay(boolean on) throws IOException;

    /**
     * {@code TCP_CORK}: while on, the kernel sends only full segments; turning it off flushes. For
     * a burst of writes that should leave as few packets. No effect on the fallback.
     */
    void setCork(boolean on) throws IOException;

    /**
     * {@code TCP_QUICKACK}: acknowledge at once rather than delaying, until the kernel decides
     * otherwise (it is not sticky: call after reads where the peer waits for the ACK). No effect on
     * the fallback.
     */
    void quickAck() throws IOException;
}
