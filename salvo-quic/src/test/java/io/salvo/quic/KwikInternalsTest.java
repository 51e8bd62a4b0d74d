package io.salvo.quic;

import io.salvo.quic.kwik.KwikHandshakes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kwik internals the handshake timeout reads reflectively are where it expects them. Without
 * them it falls back quietly (handshakes end only by Kwik's idle timeout), so this is what fails
 * loudly when a Kwik upgrade moves them.
 */
class KwikInternalsTest {

    @Test
    void theHandshakeListingFindsKwiksRegistryAndConnectionState() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(QuicStreamerConfig.defaults())) {
            assertThat(streamerHandshakes(f.streamer).available()).as("connection registry and state").isTrue();
        }
    }

    private static KwikHandshakes streamerHandshakes(QuicStreamer streamer) throws Exception {
        Field f = QuicStreamer.class.getDeclaredField("kwikConnections");
        f.setAccessible(true);
        return (KwikHandshakes) f.get(streamer);
    }
}
