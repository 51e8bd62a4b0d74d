package io.salvo.transport.unix;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.internal.linux.NativeDatagramTransport;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A Unix-domain datagram socket ({@code AF_UNIX}, {@code SOCK_DGRAM}) behind the
 * {@link DatagramTransport} contract, with the same batched {@code recvmmsg}/{@code sendmmsg}
 * path as native UDP. Addresses are {@link UnixDomainSocketAddress} (filesystem paths),
 * {@link AbstractUnixSocketAddress} (Linux's abstract namespace), or unnamed.
 *
 * <p>Unix datagram sockets are reliable and ordered within the host: a full receiver makes the
 * sender see {@link io.salvo.transport.SendStatus#WOULD_BLOCK} rather than losing data. Linux only,
 * with native access; elsewhere the factories throw {@link UnsupportedOperationException}.
 */
public final class UnixDatagramTransport extends NativeDatagramTransport {

    private static final Capabilities CAPABILITIES = new Capabilities("unix-datagram", true, false, false, false,
            false, false, false, LinuxConstants.UIO_MAXIOV);

    private final SocketAddress local;
    private volatile SocketAddress remote;

    private UnixDatagramTransport(NativeSocket socket, SocketAddress local) {
        super(socket, false);
        this.local = local;
    }

    /** Binds to a filesystem path (which must not exist yet; the caller removes it after use). */
    public static UnixDatagramTransport bind(UnixDomainSocketAddress path) throws IOException {
        return bound(path);
    }

    /** Binds to a name in the abstract namespace (no file; gone when the socket closes). */
    public static UnixDatagramTransport bind(AbstractUnixSocketAddress name) throws IOException {
        return bound(name);
    }

    /** An unbound socket: it can send, and receives only replies to... nothing (peers cannot address it). */
    public static UnixDatagramTransport unbound() throws IOException {
        requireNative();
        return new UnixDatagramTransport(NativeSocket.open(LinuxConstants.AF_UNIX), UnixDomainSocketAddress.of(""));
    }

    /** Two connected, unnamed sockets ({@code socketpair}): each one's sends arrive at the other. */
    public static UnixDatagramTransport[] pair() throws IOException {
        requireNative();
        NativeSocket[] s = SocketCalls.socketPair(LinuxConstants.AF_UNIX);
        UnixDatagramTransport a = new UnixDatagramTransport(s[0], UnixDomainSocketAddress.of(""));
        UnixDatagramTransport b = new UnixDatagramTransport(s[1], UnixDomainSocketAddress.of(""));
        a.connected = true;
        b.connected = true;
        return new UnixDatagramTransport[] {a, b};
    }

    private static UnixDatagramTransport bound(SocketAddress address) throws IOException {
        requireNative();
        NativeSocket s = NativeSocket.open(LinuxConstants.AF_UNIX);
        try {
            SocketCalls.addressCall(s, "bind(" + address + ")", (seg, off) -> SocketAddressCodec.encode(address, seg, off),
                    false);
            return new UnixDatagramTransport(s, address);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void requireNative() {
        if (!NativeAccess.isAvailable()) {
            throw new UnsupportedOperationException("Unix datagram sockets need the native path: "
                    + NativeAccess.unavailableReason());
        }
    }

    /** Sends to {@code peer} by default and receives only from it. */
    public void connect(SocketAddress peer) throws IOException {
        SocketCalls.addressCall(socket, "connect(" + peer + ")", (seg, off) -> SocketAddressCodec.encode(peer, seg, off),
                true);
        remote = peer;
        connected = true;
    }

    /** The connected peer, or null. */
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    protected int encodeTarget(SocketAddress target, MemorySegment seg, long offset) {
        if (!(target instanceof UnixDomainSocketAddress || target instanceof AbstractUnixSocketAddress)) {
            throw new IllegalArgumentException("a Unix datagram socket sends to a Unix address, got " + target);
        }
        return SocketAddressCodec.encode(target, seg, offset);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "UnixDatagramTransport[" + local + (remote == null ? "" : " -> " + remote) + "]";
    }
}
