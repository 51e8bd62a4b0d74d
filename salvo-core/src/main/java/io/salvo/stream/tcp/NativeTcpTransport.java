package io.salvo.stream.tcp;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeStreamTransport;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.linux.StreamSockets;
import io.salvo.stream.StreamCapabilities;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

import static io.salvo.internal.linux.LinuxConstants.IPPROTO_TCP;

/** The native TCP connection: {@link NativeStreamTransport} plus TCP options. */
final class NativeTcpTransport extends NativeStreamTransport implements TcpTransport {

    private static final StreamCapabilities CAPABILITIES = new StreamCapabilities("native-tcp", true, true, true);

    private NativeTcpTransport(NativeSocket socket, InetSocketAddress local, InetSocketAddress remote)
            throws IOException {
        super(socket, local, remote);
    }

    static NativeTcpTransport connect(InetSocketAddress remote, TcpOptions o, Duration timeout) throws IOException {
        if (remote.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        boolean v6 = remote.getAddress() instanceof Inet6Address;
        NativeSocket s = NativeSocket.open(v6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET, LinuxConstants.SOCK_STREAM);
        try {
            TcpSocketOptions.applyToConnection(s, o);
            StreamSockets.connect(s, remote, Math.max(0, timeout.toNanos()));
            return new NativeTcpTransport(s, (InetSocketAddress) SocketCalls.localAddress(s), remote);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Wraps a socket a listener accepted; applies the connection options. */
    static NativeTcpTransport accepted(StreamSockets.Accepted a, TcpOptions o) throws IOException {
        try {
            TcpSocketOptions.applyToConnection(a.socket(), o);
            return new NativeTcpTransport(a.socket(), (InetSocketAddress) SocketCalls.localAddress(a.socket()),
                    (InetSocketAddress) a.peer());
        } catch (IOException | RuntimeException e) {
            a.socket().close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public void setNoDelay(boolean on) throws IOException {
        SocketCalls.setInt(socket, IPPROTO_TCP, LinuxConstants.TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
    }

    @Override
    public void setCork(boolean on) throws IOException {
        SocketCalls.setInt(socket, IPPROTO_TCP, LinuxConstants.TCP_CORK, on ? 1 : 0, "TCP_CORK");
    }

    @Override
    public void quickAck() throws IOException {
        SocketCalls.setInt(socket, IPPROTO_TCP, LinuxConstants.TCP_QUICKACK, 1, "TCP_QUICKACK");
    }

    @Override
    public StreamCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String toString() {
        return "TcpTransport[native, " + localAddress() + " -> " + remoteAddress() + "]";
    }
}
