package io.salvo.quic;

import org.junit.jupiter.api.Test;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;

import java.io.OutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams split in odd ways, and streams that never end, as a hand-driven Kwik client sends them. */
class StreamShapesTest {

    private static final QuicStreamerConfig CONFIG = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
    /** For the stalled stream only: stopped after half a second. */
    private static final QuicStreamerConfig SHORT_STREAM_TIMEOUT = CONFIG.withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void aStreamWrittenInPiecesWithItsFinInALaterEmptyFrameArrivesWhole() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(CONFIG)) {
            QuicClientConnection client = f.rawClient("10.0.3.1");
            byte[] packet = Packets.packet(7, 1200);
            QuicStream stream = client.createStream(false);
            OutputStream out = stream.getOutputStream();
            out.write(packet, 0, 1);
            out.flush();
            out.write(packet, 1, 500);
            out.flush();
            out.write(packet, 501, 699);
            out.flush();
            Thread.sleep(100); // lets the data leave first, so the FIN goes in a frame of its own
            out.close();

            assertThat(Packets.await(() -> f.collector.total.get() == 1, 30)).isTrue();
            assertThat(f.collector.timesSeen).containsOnlyKeys(7L);
            assertThat(f.collector.corrupt.get()).isZero();
        }
    }

    @Test
    void aStreamThatNeverFinishesIsStoppedAfterTheTimeoutAndTheConnectionGoesOn() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(SHORT_STREAM_TIMEOUT)) {
            QuicClientConnection client = f.rawClient("10.0.3.2");
            QuicStream stalled = client.createStream(false);
            stalled.getOutputStream().write(new byte[100]); // and never closed
            QuicStream good = client.createStream(false);
            good.getOutputStream().write(Packets.packet(1, 300));
            good.getOutputStream().close();

            assertThat(Packets.await(() -> f.collector.total.get() == 1, 30)).isTrue();
            assertThat(f.collector.timesSeen).containsOnlyKeys(1L);
            QuicStreamerStats stats = f.streamer.stats();
            assertThat(stats.streamsTimedOut()).isEqualTo(1);
            assertThat(stats.packetsDelivered()).isEqualTo(1);
            assertThat(stats.connectionsOpen()).isEqualTo(1);
        }
    }

    @Test
    void anEmptyStreamIsCountedNotDelivered() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(CONFIG)) {
            QuicClientConnection client = f.rawClient("10.0.3.3");
            client.createStream(false).getOutputStream().close();
            QuicStream good = client.createStream(false);
            good.getOutputStream().write(Packets.packet(2, 50));
            good.getOutputStream().close();

            assertThat(Packets.await(() -> f.collector.total.get() == 1 && f.streamer.stats().streamsEmpty() == 1, 30)).isTrue();
            assertThat(f.collector.timesSeen).containsOnlyKeys(2L);
        }
    }
}
