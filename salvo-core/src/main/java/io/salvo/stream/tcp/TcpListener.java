package io.salvo.stream.tcp;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.stream.StreamListener;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening TCP socket. Accepted connections get the listener's {@link TcpOptions} (no-delay,
 * keep-alive, buffer sizes, linger, user timeout) and are non-blocking, close-on-exec.
 */
public interface TcpListener extends StreamListener<TcpTransport> {

    /** Listens on {@code local} with {@link TcpOptions#defaults()}. */
    static TcpListener bind(InetSocketAddress local) throws IOException {
        return bind(local, TcpOptions.defaults());
    }

    /**
     * Binds and listens ({@link TcpOptions#backlog()} pending connections).
     *
     * @throws java.net.BindException if the address is in use or not local
     */
    static TcpListener bind(InetSocketAddress local, TcpOptions options) throws IOException {
        return SalvoEvents.opened(switch (options.implementation) {
            case NIO -> NioTcpListener.bind(local, options);
            case NATIVE -> {
                if (!NativeAccess.isAvailable()) {
                    throw new UnsupportedOperationException(NativeAccess.unavailableReason());
                }
                yield NativeTcpListener.bind(local, options);
            }
            case AUTO -> {
                if (NativeAccess.isAvailable()) {
                    yield NativeTcpListener.bind(local, options);
                }
                TcpFallbackNotice.logOnce();
                yield NioTcpListener.bind(local, options);
            }
        });
    }

    @Override
    InetSocketAddress localAddress();
}
