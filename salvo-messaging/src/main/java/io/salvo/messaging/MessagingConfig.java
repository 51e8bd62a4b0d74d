package io.salvo.messaging;

import io.salvo.stream.tcp.TcpOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a {@link Clt} or {@link Svc} needs to know, in one immutable record. Start from
 * {@link #builder(Framer, Supplier)}: only the framer and the codec factory have no default.
 *
 * @param name              a name for logs and thread names (default {@code "salvo"})
 * @param framer            the wire format's boundaries; its {@link Framer#maxFrameSize()} is the largest
 *                          frame accepted or sent (the datagram flavour ignores the framer but for that size)
 * @param codecs            makes one codec per connection side (flyweights are per connection)
 * @param hooks             login, heartbeats, automatic replies, rejection (default {@link ProtocolHooks#none()})
 * @param readDeadline      a frame must be complete this long after its first byte arrived, else the
 *                          connection is closed with {@link CloseCause#READ_DEADLINE} (slowloris);
 *                          {@link Duration#ZERO} turns it off (default 30 s)
 * @param maxQueuedBytes    the bound on encoded bytes waiting for the kernel per connection; a send
 *                          past it waits or fails with {@link OutboundQueueFullException} (default 4 MiB)
 * @param sendTimeout       how long a blocking {@code send} waits for room in the outbound queue (default 30 s)
 * @param maxConnections    connections a {@link Svc} keeps at once; more are accepted and closed at once,
 *                          counted as {@link CloseCause#OVER_CAPACITY} (default 1024)
 * @param connectTimeout    how long one connection attempt may take (default 5 s)
 * @param retry             how {@code connect} retries a failed attempt (default {@link RetryPolicy#none()})
 * @param handshakeTimeout  how long a login may take, on either side (default 5 s)
 * @param heartbeatInterval send {@link ProtocolHooks#heartbeat()} when nothing was sent this long, and
 *                          close when nothing arrived for {@code missedHeartbeats} intervals;
 *                          {@link Duration#ZERO} turns heartbeats off (the default)
 * @param missedHeartbeats  intervals without traffic before {@link CloseCause#HEARTBEAT_MISSED} (default 3)
 * @param poller            the poller that services the connections, or null for the shared one,
 *                          started on first use and stopped when its last user closes (the default)
 * @param tcpOptions        socket options for TCP connections and listeners (default {@link TcpOptions#defaults()})
 * @param <T>               the message type
 */
public record MessagingConfig<T>(
        String name,
        Framer framer,
        Supplier<? extends Codec<T>> codecs,
        ProtocolHooks<T> hooks,
        Duration readDeadline,
        int maxQueuedBytes,
        Duration sendTimeout,
        int maxConnections,
        Duration connectTimeout,
        RetryPolicy retry,
        Duration handshakeTimeout,
        Duration heartbeatInterval,
        int missedHeartbeats,
        MessagingPoller poller,
        TcpOptions tcpOptions) {

    public MessagingConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(framer, "framer");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(tcpOptions, "tcpOptions");
        requireNotNegative(readDeadline, "readDeadline");
        requirePositive(sendTimeout, "sendTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requireNotNegative(heartbeatInterval, "heartbeatInterval");
        if (framer.maxFrameSize() <= 0) {
            throw new IllegalArgumentException("the framer's maxFrameSize must be > 0, got " + framer.maxFrameSize());
        }
        if (maxQueuedBytes < framer.maxFrameSize()) {
            throw new IllegalArgumentException("maxQueuedBytes (" + maxQueuedBytes + ") must hold at least one "
                    + "frame of maxFrameSize (" + framer.maxFrameSize() + ")");
        }
        if (maxConnections < 1 || missedHeartbeats < 1) {
            throw new IllegalArgumentException("maxConnections and missedHeartbeats must be >= 1");
        }
    }

    /** A builder with the documented defaults for everything but the framer and the codec factory. */
    public static <T> Builder<T> builder(Framer framer, Supplier<? extends Codec<T>> codecs) {
        return new Builder<>(framer, codecs);
    }

    /** A builder starting from this configuration. */
    public Builder<T> toBuilder() {
        Builder<T> b = new Builder<>(framer, codecs);
        b.name = name;
        b.hooks = hooks;
        b.readDeadline = readDeadline;
        b.maxQueuedBytes = maxQueuedBytes;
        b.sendTimeout = sendTimeout;
        b.maxConnections = maxConnections;
        b.connectTimeout = connectTimeout;
        b.retry = retry;
        b.handshakeTimeout = handshakeTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.missedHeartbeats = missedHeartbeats;
        b.poller = poller;
        b.tcpOptions = tcpOptions;
        return b;
    }

    private static void requireNotNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, got " + d);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** Builder of {@link MessagingConfig}; not thread-safe. */
    public static final class Builder<T> {
        private final Framer framer;
        private final Supplier<? extends Codec<T>> codecs;
        private String name = "salvo";
        private ProtocolHooks<T> hooks = ProtocolHooks.none();
        private Duration readDeadline = Duration.ofSeconds(30);
        private int maxQueuedBytes = 4 << 20;
        private Duration sendTimeout = Duration.ofSeconds(30);
        private int maxConnections = 1024;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private RetryPolicy retry = RetryPolicy.none();
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ZERO;
        private int missedHeartbeats = 3;
        private MessagingPoller poller;
        private TcpOptions tcpOptions = TcpOptions.defaults();

        private Builder(Framer framer, Supplier<? extends Codec<T>> codecs) {
            this.framer = Objects.requireNonNull(framer, "framer");
            this.codecs = Objects.requireNonNull(codecs, "codecs");
        }

        public Builder<T> name(String n) {
            name = n;
            return this;
        }

        public Builder<T> hooks(ProtocolHooks<T> h) {
            hooks = h;
            return this;
        }

        /** Per-frame read deadline (slowloris); {@link Duration#ZERO} turns it off. */
        public Builder<T> readDeadline(Duration d) {
            readDeadline = d;
            return this;
        }

        public Builder<T> maxQueuedBytes(int bytes) {
            maxQueuedBytes = bytes;
            return this;
        }

        public Builder<T> sendTimeout(Duration d) {
            sendTimeout = d;
            return this;
        }

        public Builder<T> maxConnections(int n) {
            maxConnections = n;
            return this;
        }

        public Builder<T> connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder<T> retry(RetryPolicy r) {
            retry = r;
            return this;
        }

        public Builder<T> handshakeTimeout(Duration d) {
            handshakeTimeout = d;
            return this;
        }

        /** Heartbeats every {@code interval} of silence, closing after {@code missed} silent intervals. */
        public Builder<T> heartbeat(Duration interval, int missed) {
            heartbeatInterval = interval;
            missedHeartbeats = missed;
            return this;
        }

        public Builder<T> poller(MessagingPoller p) {
            poller = p;
            return this;
        }

        public Builder<T> tcpOptions(TcpOptions o) {
            tcpOptions = o;
            return this;
        }

        public MessagingConfig<T> build() {
            return new MessagingConfig<>(name, framer, codecs, hooks, readDeadline, maxQueuedBytes, sendTimeout,
                    maxConnections, connectTimeout, retry, handshakeTimeout, heartbeatInterval, missedHeartbeats,
                    poller, tcpOptions);
        }
    }
}
