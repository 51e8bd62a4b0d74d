package io.salvo.stream.tcp;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeLayouts;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.SocketCalls;

import java.io.IOException;
import java.lang.foreign.ValueLayout;

import static io.salvo.internal.linux.LinuxConstants.IPPROTO_TCP;
import static io.salvo.internal.linux.LinuxConstants.SOL_SOCKET;

/** Applies {@link TcpOptions} to a native socket through {@code setsockopt}. */
final class TcpSocketOptions {

    private TcpSocketOptions() {
    }

    /** Options of a listening socket, set before bind (reuse, buffer sizes that accepted sockets inherit). */
    static void applyToListener(NativeSocket s, boolean ipv6, TcpOptions o) throws IOException {
        if (ipv6) {
            SocketCalls.setInt(s, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_V6ONLY, o.ipv6Only ? 1 : 0, "IPV6_V6ONLY");
        }
        if (o.reuseAddress) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
        }
        if (o.reusePort) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_REUSEPORT, 1, "SO_REUSEPORT");
        }
        applyBuffers(s, o);
    }

    /** Options of one connection (a connecting socket before connect, or an accepted one). */
    static void applyToConnection(NativeSocket s, TcpOptions o) throws IOException {
        if (o.noDelay) {
            SocketCalls.setInt(s, IPPROTO_TCP, LinuxConstants.TCP_NODELAY, 1, "TCP_NODELAY");
        }
        if (o.keepAlive) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_KEEPALIVE, 1, "SO_KEEPALIVE");
            if (o.keepAliveIdle != null) {
                SocketCalls.setInt(s, IPPROTO_TCP, LinuxConstants.TCP_KEEPIDLE, (int) o.keepAliveIdle.toSeconds(), "TCP_KEEPIDLE");
                SocketCalls.setInt(s, IPPROTO_TCP, LinuxConstants.TCP_KEEPINTVL, (int) o.keepAliveInterval.toSeconds(),
                        "TCP_KEEPINTVL");
                SocketCalls.setInt(s, IPPROTO_TCP, LinuxConstants.TCP_KEEPCNT, o.keepAliveCount, "TCP_KEEPCNT");
            }
        }
        if (o.userTimeout != null) {
            SocketCalls.setInt(s, IPPROTO_TCP, LinuxConstants.TCP_USER_TIMEOUT, (int) o.userTimeout.toMillis(),
                    "TCP_USER_TIMEOUT");
        }
        if (o.busyPollMicros > 0) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_BUSY_POLL, o.busyPollMicros, "SO_BUSY_POLL");
        }
        if (o.linger != null) {
            int seconds = (int) o.linger.toSeconds();
            SocketCalls.setBytes(s, SOL_SOCKET, LinuxConstants.SO_LINGER, NativeLayouts.LINGER.byteSize(), seg -> {
                seg.set(ValueLayout.JAVA_INT, 0, 1);
                seg.set(ValueLayout.JAVA_INT, 4, seconds);
            }, "SO_LINGER");
        }
        applyBuffers(s, o);
    }

    private static void applyBuffers(NativeSocket s, TcpOptions o) throws IOException {
        if (o.receiveBufferSize > 0) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_RCVBUF, o.receiveBufferSize, "SO_RCVBUF");
        }
        if (o.sendBufferSize > 0) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_SNDBUF, o.sendBufferSize, "SO_SNDBUF");
        }
    }
}
