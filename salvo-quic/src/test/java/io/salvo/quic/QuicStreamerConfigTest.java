package io.salvo.quic;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuicStreamerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        QuicStreamerConfig c = QuicStreamerConfig.defaults();
        assertThat(c.alpn()).isEqualTo("solana-tpu");
        assertThat(c.maxPacketSize()).isEqualTo(1232);
        assertThat(c.maxConnections()).isEqualTo(2500);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(8);
        assertThat(c.streamCreditPerConnection()).isEqualTo(128);
        assertThat(c.unstakedStreamsPerSecond()).isEqualTo(200);
        assertThat(c.streamTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.requireRetry()).isFalse();
    }

    @Test
    void nonsenseIsRefusedNamingTheField() {
        assertThatThrownBy(() -> QuicStreamerConfig.defaults().withMaxPacketSize(0)).hasMessageContaining("maxPacketSize");
        assertThatThrownBy(() -> QuicStreamerConfig.defaults().withConnectionLimits(10, 0)).hasMessageContaining("maxConnectionsPerIp");
        assertThatThrownBy(() -> QuicStreamerConfig.defaults().withAlpn("")).hasMessageContaining("alpn");
        assertThatThrownBy(() -> QuicStreamerConfig.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("streamTimeout");
        assertThatThrownBy(() -> QuicSenderConfig.insecure().withMaxInFlight(0)).hasMessageContaining("maxInFlight");
    }
}
