package io.salvo.stream.tcp;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeStreamListener;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.linux.StreamSockets;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;

/** The native TCP listener: {@code accept4} hands out {@link NativeTcpTransport}s with the listener's options. */
final class NativeTcpListener extends NativeStreamListener<TcpTransport> implements TcpListener {

    private final TcpOptions options;

    private NativeTcpListener(NativeSocket socket, TcpOptions options) throws IOException {
        super(socket, SocketCalls.localAddress(socket));
        this.options = options;
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
    protected TcpTransport connection(StreamSockets.Accepted a) throws IOException {
        return NativeTcpTransport.accepted(a, options);
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public String toString() {
        return "TcpListener[native, " + localAddress() + "]";
    }
}
