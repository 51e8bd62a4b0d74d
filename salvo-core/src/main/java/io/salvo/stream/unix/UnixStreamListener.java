package io.salvo.stream.unix;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeStreamListener;
import io.salvo.internal.linux.StreamSockets;
import io.salvo.observe.SalvoEvents;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A listening Unix stream socket at a path (which must not exist yet; the caller removes it after
 * use) or an abstract name (gone when the socket closes).
 */
public final class UnixStreamListener extends NativeStreamListener<UnixStreamTransport> {

    private UnixStreamListener(NativeSocket socket, SocketAddress local) {
        super(socket, local);
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
    protected UnixStreamTransport connection(StreamSockets.Accepted a) throws IOException {
        // The client is usually unnamed: its address reads as an empty path.
        SocketAddress peer = a.peer() == null ? UnixDomainSocketAddress.of("") : a.peer();
        return new UnixStreamTransport(a.socket(), localAddress(), peer);
    }

    @Override
    public String toString() {
        return "UnixStreamListener[" + localAddress() + "]";
    }
}
