package io.salvo.stream.tcp;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAcceptor;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.linux.StreamSockets;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;

/** The native TCP listener: {@code accept4} hands out {@link NativeTcpTransport}s. */
final class NativeTcpListener implements TcpListener, NativeSocketHolder {

    private final NativeSocket socket;
    private final TcpOptions options;
    private final InetSocketAddress local;
    private final NativeAcceptor acceptor;

    private NativeTcpListener(NativeSocket socket, TcpOptions options) throws IOException {
        this.socket = socket;
        this.options = options;
        this.local = (InetSocketAddress) SocketCalls.localAddress(socket);
        this.acceptor = new NativeAcceptor(socket);
    }

    static NativeTcpListener bind(InetSocketAddress local, TcpOptions o) throws IOException {
        if (local.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        boolean v6 = local.getAddress() instanceof Inet6Address;
        NativeSocket s = NativeSocket.open(v6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET, LinuxConstants.SOCK_STREAM);
        try {
            TcpSocketOptions.applyToListener(s, v6, o);
            StreamSockets.bindAndListen(s, local, o.backlog);
            return new NativeTcpListener(s, o);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public TcpTransport accept() throws IOException {
        StreamSockets.Accepted a = acceptor.accept();
        return a == null ? null : SalvoEvents.opened(NativeTcpTransport.accepted(a, options));
    }

    @Override
    public boolean awaitAcceptable(long timeoutNanos) throws IOException {
        return acceptor.await(timeoutNanos);
    }

    @Override
    public InetSocketAddress localAddress() {
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

    @Override
    public NativeSocket nativeSocket() {
        return socket;
    }

    @Override
    public String toString() {
        return "TcpListener[native, " + local + "]";
    }
}
