package io.salvo.quic;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QuicSender} connects. Immutable.
 *
 * @param alpn           the ALPN protocol to offer; default {@value QuicStreamerConfig#DEFAULT_ALPN}
 * @param trustStore     certificates the server's must chain to; null means the server is not
 *                       verified at all (benchmarks and demos against self-signed servers only)
 * @param maxInFlight    packets sent but not yet confirmed by the peer, at most; {@code send} blocks
 *                       beyond it (the peer's stream credit may bound it lower); default 256
 * @param connectTimeout how long a handshake may take; default 5 s
 * @param idleTimeout    the connection's idle timeout; default 30 s
 */
public record QuicSenderConfig(String alpn, KeyStore trustStore, int maxInFlight, Duration connectTimeout, Duration idleTimeout) {

    public QuicSenderConfig {
        Objects.requireNonNull(alpn, "alpn");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, is " + maxInFlight);
        }
    }

    /** Defaults, trusting the servers whose certificates {@code trustStore} holds. */
    public static QuicSenderConfig trusting(KeyStore trustStore) {
        return new QuicSenderConfig(QuicStreamerConfig.DEFAULT_ALPN, Objects.requireNonNull(trustStore, "trustStore"),
                256, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Defaults without verifying the server: for benchmarks and demos only. */
    public static QuicSenderConfig insecure() {
        return new QuicSenderConfig(QuicStreamerConfig.DEFAULT_ALPN, null, 256, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public QuicSenderConfig withAlpn(String v) {
        return new QuicSenderConfig(v, trustStore, maxInFlight, connectTimeout, idleTimeout);
    }

    public QuicSenderConfig withMaxInFlight(int v) {
        return new QuicSenderConfig(alpn, trustStore, v, connectTimeout, idleTimeout);
    }

    public QuicSenderConfig withConnectTimeout(Duration v) {
        return new QuicSenderConfig(alpn, trustStore, maxInFlight, v, idleTimeout);
    }
}
