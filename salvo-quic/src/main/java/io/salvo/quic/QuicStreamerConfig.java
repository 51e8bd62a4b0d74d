package io.salvo.quic;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QuicStreamer} accepts connections and streams. Immutable; start from
 * {@link #defaults()} and change fields with the {@code with…} methods.
 *
 * @param alpn                      the one ALPN protocol accepted; default {@value #DEFAULT_ALPN}
 *                                  (Solana's TPU); clients offering another are refused in the handshake
 * @param maxPacketSize             longest stream accepted as a packet, bytes; longer streams are
 *                                  stopped ({@link ErrorCodes#STREAM_TOO_LARGE}); default 1,232 (Solana's)
 * @param maxConnections            connections open at once, all peers; default 2,500
 * @param maxConnectionsPerIp       connections open at once from one IP address; default 8
 * @param streamCreditPerConnection unidirectional streams a connection may have open at once
 *                                  (QUIC stream credit, Kwik's {@code maxOpenPeerInitiatedUnidirectionalStreams});
 *                                  the same for every connection, see docs/quic.md; default 128
 * @param totalStreamsPerSecond     the stream-rate budget that weighted peers share in proportion
 *                                  to their weight; default 500,000
 * @param unstakedStreamsPerSecond  the fixed rate of each connection from a peer of weight 0; default 200
 * @param rateWindow                the sliding window stream rates are measured over; default 1 s
 * @param maxThrottleDelay          how long a stream over its connection's rate may be delayed before
 *                                  it is refused ({@link ErrorCodes#STREAM_RATE_LIMITED}); default 100 ms
 * @param streamTimeout             how long a stream may take from its first byte to its FIN;
 *                                  default 5 s ({@link ErrorCodes#STREAM_TIMEOUT})
 * @param idleTimeout               a connection (also one still in its handshake) with no packets for
 *                                  this long is closed by Kwik (QUIC max_idle_timeout, in milliseconds); default 10 s
 * @param handshakeTimeout          a connection whose TLS handshake has not completed this long after
 *                                  the streamer first sees it is closed (CONNECTION_REFUSED) and counted,
 *                                  however steadily its packets come; checked every 200 ms; default 5 s
 * @param receiveBatchSlots         datagrams taken from the transport per receive call; default 64
 * @param maxInitialsPerSecond      Initial datagrams (connection attempts and their retransmissions)
 *                                  let through to Kwik per second; excess dropped and counted; default 20,000
 * @param requireRetry              whether new clients must first prove their address with a Retry
 *                                  round trip (defeats spoofed Initial floods, costs one round trip); default false
 */
public record QuicStreamerConfig(
        String alpn,
        int maxPacketSize,
        int maxConnections,
        int maxConnectionsPerIp,
        int streamCreditPerConnection,
        long totalStreamsPerSecond,
        long unstakedStreamsPerSecond,
        Duration rateWindow,
        Duration maxThrottleDelay,
        Duration streamTimeout,
        Duration idleTimeout,
        Duration handshakeTimeout,
        int receiveBatchSlots,
        long maxInitialsPerSecond,
        boolean requireRetry) {

    /** Solana's TPU protocol name; what the streamer speaks unless told otherwise. */
    public static final String DEFAULT_ALPN = "solana-tpu";

    public QuicStreamerConfig {
        Objects.requireNonNull(alpn, "alpn");
        if (alpn.isEmpty() || alpn.length() > 255) {
            throw new IllegalArgumentException("alpn must be 1..255 characters: '" + alpn + "'");
        }
        positive("maxPacketSize", maxPacketSize);
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerIp", maxConnectionsPerIp);
        positive("streamCreditPerConnection", streamCreditPerConnection);
        positive("totalStreamsPerSecond", totalStreamsPerSecond);
        positive("unstakedStreamsPerSecond", unstakedStreamsPerSecond);
        positive("receiveBatchSlots", receiveBatchSlots);
        positive("maxInitialsPerSecond", maxInitialsPerSecond);
        positive("rateWindow", Objects.requireNonNull(rateWindow, "rateWindow").toNanos());
        Objects.requireNonNull(maxThrottleDelay, "maxThrottleDelay");
        positive("streamTimeout", Objects.requireNonNull(streamTimeout, "streamTimeout").toNanos());
        positive("idleTimeout", Objects.requireNonNull(idleTimeout, "idleTimeout").toMillis());
        positive("handshakeTimeout", Objects.requireNonNull(handshakeTimeout, "handshakeTimeout").toMillis());
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, is " + value);
        }
    }

    /** The documented defaults. */
    public static QuicStreamerConfig defaults() {
        return new QuicStreamerConfig(DEFAULT_ALPN, 1232, 2500, 8, 128, 500_000, 200,
                Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 64, 20_000, false);
    }

    public QuicStreamerConfig withAlpn(String v) {
        return new QuicStreamerConfig(v, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withMaxPacketSize(int v) {
        return new QuicStreamerConfig(alpn, v, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withConnectionLimits(int total, int perIp) {
        return new QuicStreamerConfig(alpn, maxPacketSize, total, perIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withStreamCreditPerConnection(int v) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, v, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withStreamRates(long total, long unstakedPerConnection, Duration window, Duration maxDelay) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, total, unstakedPerConnection, window, maxDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withTimeouts(Duration stream, Duration idle) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, stream, idle, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withHandshakeTimeout(Duration v) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, v, receiveBatchSlots, maxInitialsPerSecond, requireRetry);
    }

    public QuicStreamerConfig withMaxInitialsPerSecond(long v) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, v, requireRetry);
    }

    public QuicStreamerConfig withRequireRetry(boolean v) {
        return new QuicStreamerConfig(alpn, maxPacketSize, maxConnections, maxConnectionsPerIp, streamCreditPerConnection, totalStreamsPerSecond, unstakedStreamsPerSecond, rateWindow, maxThrottleDelay, streamTimeout, idleTimeout, handshakeTimeout, receiveBatchSlots, maxInitialsPerSecond, v);
    }
}
