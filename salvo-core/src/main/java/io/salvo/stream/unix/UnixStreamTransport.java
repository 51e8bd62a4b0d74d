package io.salvo.stream.unix;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeStreamTransport;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.linux.StreamSockets;
import io.salvo.stream.StreamCapabilities;
import io.salvo.transport.AbstractUnixSocketAddress;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;

/**
 * A Unix stream connection ({@code AF_UNIX}, {@code SOCK_STREAM}) through FFM: the
 * {@link io.salvo.stream.StreamTransport} contract between processes on one host, to a filesystem
 * path or an abstract name. Native only (Linux, with native access), like the Unix datagram
 * transport; {@code write(..., more)} is accepted and has no effect on Unix sockets.
 */
public final class UnixStreamTransport extends NativeStreamTransport {

    private static final StreamCapabilities CAPABILITIES = new StreamCapabilities("native-unix-stream", true, true, false);

    UnixStreamTransport(NativeSocket socket, SocketAddress local, SocketAddress remote) throws IOException {
        super(socket, local, remote);
    }

    /**
     * Connects to a listener at a path ({@link UnixDomainSocketAddress}) or an abstract name
     * ({@link AbstractUnixSocketAddress}), waiting at most {@code timeout} if its backlog is full.
     *
     * @throws java.net.ConnectException if nothing listens there
     * @throws java.net.SocketTimeoutException if the listener's backlog stayed full past the timeout
     */
    public static UnixStreamTransport connect(SocketAddress listener, Duration timeout) throws IOException {
        requireNative();
        requireUnixAddress(listener);
        NativeSocket s = NativeSocket.open(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_STREAM);
        try {
            StreamSockets.connect(s, listener, Math.max(0, timeout.toNanos()));
            return SalvoEvents.opened(new UnixStreamTransport(s, SocketCalls.localAddress(s), listener));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Two connected, unnamed stream sockets ({@code socketpair}). */
    public static UnixStreamTransport[] pair() throws IOException {
        requireNative();
        NativeSocket[] s = SocketCalls.socketPair(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_STREAM);
        UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
        try {
            return new UnixStreamTransport[] {SalvoEvents.opened(new UnixStreamTransport(s[0], unnamed, unnamed)),
                    SalvoEvents.opened(new UnixStreamTransport(s[1], unnamed, unnamed))};
        } catch (IOException | RuntimeException e) {
            s[0].close();
            s[1].close();
            throw e;
        }
    }

    static void requireNative() {
        if (!NativeAccess.isAvailable()) {
            throw new UnsupportedOperationException(NativeAccess.unavailableReason());
        }
    }

    static void requireUnixAddress(SocketAddress a) {
        if (!(a instanceof UnixDomainSocketAddress) && !(a instanceof AbstractUnixSocketAddress)) {
            throw new IllegalArgumentException("a Unix stream socket needs a UnixDomainSocketAddress or an "
                    + "AbstractUnixSocketAddress, got " + a);
        }
    }

    @Override
    public StreamCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String toString() {
        return "UnixStreamTransport[" + localAddress() + " -> " + remoteAddress() + "]";
    }
}
