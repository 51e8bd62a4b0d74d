package io.salvo.stream.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings for a TCP connection or listener, applied when the socket opens. Immutable; start from
 * {@link #defaults()} or {@link #builder()}. Every option left at its default leaves the kernel's
 * own default, except {@code TCP_NODELAY}, which is on: Salvo's users send small messages and want
 * them on the wire now (batch with {@code write(..., more)} or {@link TcpTransport#setCork}).
 */
public final class TcpOptions {

    /** Which implementation to use. */
    public enum Implementation {
        /** Native (FFM) where available, else the {@code SocketChannel} fallback, said once in the log. */
        AUTO,
        /** Native only; fails where it is not available. */
        NATIVE,
        /** The {@code SocketChannel} fallback. */
        NIO
    }

    final Implementation implementation;
    final boolean noDelay;
    final boolean keepAlive;
    final Duration keepAliveIdle;
    final Duration keepAliveInterval;
    final int keepAliveCount;
    final Duration userTimeout;
    final int receiveBufferSize;
    final int sendBufferSize;
    final int busyPollMicros;
    final Duration linger;
    final boolean reuseAddress;
    final boolean reusePort;
    final boolean ipv6Only;
    final int backlog;

    private TcpOptions(Builder b) {
        implementation = b.implementation;
        noDelay = b.noDelay;
        keepAlive = b.keepAlive;
        keepAliveIdle = b.keepAliveIdle;
        keepAliveInterval = b.keepAliveInterval;
        keepAliveCount = b.keepAliveCount;
        userTimeout = b.userTimeout;
        receiveBufferSize = b.receiveBufferSize;
        sendBufferSize = b.sendBufferSize;
        busyPollMicros = b.busyPollMicros;
        linger = b.linger;
        reuseAddress = b.reuseAddress;
        reusePort = b.reusePort;
        ipv6Only = b.ipv6Only;
        backlog = b.backlog;
    }

    /** TCP_NODELAY on, address reuse on for listeners, a backlog of 1024, the rest the kernel's. */
    public static TcpOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Implementation implementation() {
        return implementation;
    }

    public boolean noDelay() {
        return noDelay;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    /** Idle time before the first keep-alive probe; null for the kernel's ({@code TCP_KEEPIDLE}). */
    public Duration keepAliveIdle() {
        return keepAliveIdle;
    }

    /** Time between probes; null for the kernel's ({@code TCP_KEEPINTVL}). */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /** Unanswered probes before the connection is dropped; 0 for the kernel's ({@code TCP_KEEPCNT}). */
    public int keepAliveCount() {
        return keepAliveCount;
    }

    /** How long written data may stay unacknowledged before the connection fails; null for the kernel's. */
    public Duration userTimeout() {
        return userTimeout;
    }

    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    public int sendBufferSize() {
        return sendBufferSize;
    }

    public int busyPollMicros() {
        return busyPollMicros;
    }

    /** {@code SO_LINGER}: null leaves the kernel's graceful close; zero resets the connection on close. */
    public Duration linger() {
        return linger;
    }

    public boolean reuseAddress() {
        return reuseAddress;
    }

    public boolean reusePort() {
        return reusePort;
    }

    public boolean ipv6Only() {
        return ipv6Only;
    }

    public int backlog() {
        return backlog;
    }

    /** Builder with the defaults of {@link TcpOptions#defaults()}. Not thread-safe. */
    public static final class Builder {
        private Implementation implementation = Implementation.AUTO;
        private boolean noDelay = true;
        private boolean keepAlive;
        private Duration keepAliveIdle;
        private Duration keepAliveInterval;
        private int keepAliveCount;
        private Duration userTimeout;
        private int receiveBufferSize;
        private int sendBufferSize;
        private int busyPollMicros;
        private Duration linger;
        private boolean reuseAddress = true;
        private boolean reusePort;
        private boolean ipv6Only;
        private int backlog = 1024;

        private Builder() {
        }

        public Builder implementation(Implementation i) {
            implementation = Objects.requireNonNull(i);
            return this;
        }

        /** {@code TCP_NODELAY}: send small segments at once (default on). */
        public Builder noDelay(boolean on) {
            noDelay = on;
            return this;
        }

        /** {@code SO_KEEPALIVE} with the kernel's timings; see {@link #keepAlive(Duration, Duration, int)}. */
        public Builder keepAlive(boolean on) {
            keepAlive = on;
            return this;
        }

        /** {@code SO_KEEPALIVE} with {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL} (whole seconds, at least 1) and {@code TCP_KEEPCNT}. */
        public Builder keepAlive(Duration idle, Duration interval, int count) {
            requireSeconds(idle, "keep-alive idle");
            requireSeconds(interval, "keep-alive interval");
            if (count < 1) {
                throw new IllegalArgumentException("keep-alive count must be >= 1, got " + count);
            }
            keepAlive = true;
            keepAliveIdle = idle;
            keepAliveInterval = interval;
            keepAliveCount = count;
            return this;
        }

        /** {@code TCP_USER_TIMEOUT}: fail the connection when written data stays unacknowledged this long. */
        public Builder userTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("user timeout must be positive milliseconds, got " + timeout);
            }
            userTimeout = timeout;
            return this;
        }

        /** {@code SO_RCVBUF} in bytes (the kernel doubles it and caps it at {@code net.core.rmem_max}). */
        public Builder receiveBufferSize(int bytes) {
            receiveBufferSize = requirePositive(bytes, "receive buffer size");
            return this;
        }

        /** {@code SO_SNDBUF} in bytes. */
        public Builder sendBufferSize(int bytes) {
            sendBufferSize = requirePositive(bytes, "send buffer size");
            return this;
        }

        /** {@code SO_BUSY_POLL}: spin this long in the driver on blocking reads (needs privileges above the sysctl). */
        public Builder busyPollMicros(int micros) {
            busyPollMicros = requirePositive(micros, "busy-poll time");
            return this;
        }

        /** {@code SO_LINGER} (whole seconds): {@link Duration#ZERO} resets the connection on close, dropping unsent data. */
        public Builder linger(Duration time) {
            if (time.isNegative() || time.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("linger must be zero or positive seconds, got " + time);
            }
            linger = time;
            return this;
        }

        /** {@code SO_REUSEADDR} on listeners (default on, so a restarted server can bind at once). */
        public Builder reuseAddress(boolean on) {
            reuseAddress = on;
            return this;
        }

        /** {@code SO_REUSEPORT}: several listeners on one port, the kernel spreading connections. */
        public Builder reusePort(boolean on) {
            reusePort = on;
            return this;
        }

        /** {@code IPV6_V6ONLY} on IPv6 sockets; off by default, so {@code ::} accepts IPv4 too. */
        public Builder ipv6Only(boolean on) {
            ipv6Only = on;
            return this;
        }

        /** Pending-connection queue of a listener (capped by {@code net.core.somaxconn}). */
        public Builder backlog(int connections) {
            backlog = requirePositive(connections, "backlog");
            return this;
        }

        public TcpOptions build() {
            return new TcpOptions(this);
        }

        private static int requirePositive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be > 0, got " + value);
            }
            return value;
        }

        private static void requireSeconds(Duration d, String what) {
            if (d.getSeconds() < 1 || d.getSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be at least one second, got " + d);
            }
        }
    }
}
