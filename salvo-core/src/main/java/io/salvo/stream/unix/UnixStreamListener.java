package io.salvo.stream.unix;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAcceptor;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.internal.linux.StreamSockets;
import io.salvo.stream.StreamListener;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A listening Unix stream socket at a path (which must not exist yet; the caller removes it after
 * use) or an abstract name (gone when the socket closes).
 */
public final class UnixStreamListener implements StreamListener<UnixStreamTransport>, NativeSocketHolder {

    private final NativeSocket socket;
    private final SocketAddress local;
    private final NativeAcceptor acceptor;

    private UnixStreamListener(NativeSocket socket, SocketAddress local) {
        this.socket = socket;
        this.local = local;
        this.acceptor = new NativeAcceptor(socket);
    }

    /** Listens at {@code name} (a path or an abstract name) with room for {@code backlog} pending connections. */
    public static UnixStreamListener bind(SocketAddress name, int backlog) throws IOException {
        UnixStreamTransport.requireNative();
        UnixStreamTransport.requireUnixAddress(name);
        NativeSocket s = NativeSocket.open(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_STREAM);
        try {
            StreamSockets.bindAndListen(s, name, backlog);
            return SalvoEvents.opened(new UnixStreamListener(s, name));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public UnixStreamTransport accept() throws IOException {
        StreamSockets.Accepted a = acceptor.accept();
        if (a == null) {
            return null;
        }
        // The client is usually unnamed: its address reads as an empty path.
        SocketAddress peer = a.peer() == null ? UnixDomainSocketAddress.of("") : a.peer();
        try {
            return SalvoEvents.opened(new UnixStreamTransport(a.socket(), local, peer));
        } catch (IOException | RuntimeException e) {
            a.socket().close();
            throw e;
        }
    }

    @Override
    public boolean awaitAcceptable(long timeoutNanos) throws IOException {
        return acceptor.await(timeoutNanos);
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public long accepted() {
        return acceptor.accepted();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        SalvoEvents.closed(this);
        socket.close();
    }

    /** Internal: the listening socket, for the Poller's epoll set. */
    @Override
    public NativeSocket nativeSocket() {
        return socket;
    }

    @Override
    public String toString() {
        return "UnixStreamListener[" + local + "]";
    }
}
