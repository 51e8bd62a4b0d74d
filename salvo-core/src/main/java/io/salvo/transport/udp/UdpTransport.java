package io.salvo.transport.udp;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;

/**
 * A UDP socket behind the {@link DatagramTransport} contract. On Linux with native access it is
 * the native transport ({@code recvmmsg}/{@code sendmmsg} through FFM, no allocation per
 * datagram); elsewhere, or when native access is not granted, a {@code DatagramChannel}-based
 * fallback with the same contract whose batch calls loop one datagram at a time. Which one you got
 * is {@code capabilities().kind()}: {@code native-udp} or {@code nio-udp}.
 *
 * <p>Threads, blocking and ownership are as in {@link DatagramTransport}. The option and
 * membership methods here may be called from any thread.
 */
public interface UdpTransport extends DatagramTransport {

    /** Opens a socket bound to {@code local} with default options. */
    static UdpTransport bind(InetSocketAddress local) throws IOException {
        return bind(local, UdpOptions.defaults());
    }

    /**
     * Opens a socket with {@code options} and binds it to {@code local} (port 0 picks a free port).
     * An IPv6 address opens an IPv6 socket, dual-stack unless {@code ipv6Only}; an IPv4 address an
     * IPv4 socket.
     *
     * @throws java.net.BindException if the address is in use or not local
     * @throws UnsupportedOperationException if {@link UdpOptions.Implementation#NATIVE} was asked for
     *                                       and is unavailable here
     */
    static UdpTransport bind(InetSocketAddress local, UdpOptions options) throws IOException {
        return SalvoEvents.opened(switch (options.implementation) {
            case NIO -> NioUdpTransport.open(local, options);
            case NATIVE -> {
                if (!NativeAccess.isAvailable()) {
                    throw new UnsupportedOperationException(NativeAccess.unavailableReason());
                }
                yield NativeUdpTransport.open(local, options);
            }
            case AUTO -> {
                if (NativeAccess.isAvailable()) {
                    yield NativeUdpTransport.open(local, options);
                }
                FallbackNotice.logOnce();
                yield NioUdpTransport.open(local, options);
            }
        });
    }

    /** Opens a socket on the IPv4 wildcard address and a free port. */
    static UdpTransport bindAny() throws IOException {
        return bind(new InetSocketAddress(0));
    }

    /** True when the native path can be used in this JVM; see {@link #nativeUnavailableReason()}. */
    static boolean isNativeAvailable() {
        return NativeAccess.isAvailable();
    }

    /** Why the native path cannot be used here (naming the flag to pass), or null when it can. */
    static String nativeUnavailableReason() {
        return NativeAccess.unavailableReason();
    }

    @Override
    InetSocketAddress localAddress();

    /**
     * Connects to {@code remote}: only its datagrams are received, sends may pass a null target, and
     * the kernel skips the per-datagram route lookup (the cheaper path).
     */
    void connect(InetSocketAddress remote) throws IOException;

    /** Undoes {@link #connect}; the socket receives from anyone again. */
    void disconnect() throws IOException;

    /** The connected peer, or null. */
    InetSocketAddress remoteAddress();

    /**
     * Sends one payload to many destinations (one {@code sendmmsg} per up to 1024 of them, all
     * sharing one {@code iovec} on the native path). Stops at a full send buffer; a destination the
     * kernel refuses is counted and skipped.
     *
     * @return how many destinations were handled, from the first; fewer than {@code targets.length}
     *         only when the send buffer filled
     */
    int multiTargetSend(DatagramBuffer payload, SocketAddress... targets) throws IOException;

    /** Joins an any-source multicast group on {@code networkInterface} (null: the kernel's choice). */
    void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /** Leaves an any-source multicast group. */
    void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /** Joins a source-specific multicast group: only {@code source}'s datagrams to {@code group}. */
    void joinSourceGroup(InetAddress group, InetAddress source, NetworkInterface networkInterface) throws IOException;

    /** Leaves a source-specific multicast group. */
    void leaveSourceGroup(InetAddress group, InetAddress source, NetworkInterface networkInterface) throws IOException;

    /** The receive buffer the kernel actually granted (SO_RCVBUF as read back). */
    int receiveBufferSize() throws IOException;

    /** The send buffer the kernel actually granted (SO_SNDBUF as read back). */
    int sendBufferSize() throws IOException;
}
