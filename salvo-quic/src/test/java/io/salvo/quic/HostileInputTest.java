package io.salvo.quic;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.transport.DatagramTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Peers that misbehave: the streamer says what happened, counts it, and keeps serving the others. */
class HostileInputTest {

    private static final QuicStreamerConfig BASE = QuicStreamerConfig.defaults()
            .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsToConnectAndOthersStillDo() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE)) {
            QuicSenderConfig wrongTrust = QuicSenderConfig.trusting(SelfSignedCertificate.generate("streamer.test").trustStore())
                    .withConnectTimeout(Duration.ofSeconds(3));
            assertThatThrownBy(() -> f.sender("10.0.11.1", wrongTrust)).isInstanceOf(IOException.class);
            assertThat(f.streamer.stats().connectionsAccepted()).isZero();

            assertGoodPeerIsServed(f, "10.0.11.2");
        }
    }

    @Test
    void aFloodOfGarbageDatagramsFromManySourcesIsDroppedAndCounted() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE)) {
            Random random = new Random(5);
            DatagramBuffer buffer = DatagramBuffer.allocate(1500, 0);
            int sent = 0;
            for (int source = 0; source < 200; source++) {
                try (DatagramTransport attacker = f.network.open(f.freshAddress("10.1." + (source / 250) + "." + (source % 250 + 1)))) {
                    for (int i = 0; i < 20; i++) {
                        byte[] junk = new byte[1 + random.nextInt(1400)];
                        random.nextBytes(junk);
                        buffer.reset().writeBytes(junk);
                        attacker.send(buffer, LoopbackFixture.SERVER);
                        sent++;
                    }
                }
            }
            int expected = sent;
            assertThat(Packets.await(() -> f.streamer.stats().datagramsReceived() >= expected, 30)).isTrue();
            assertThat(f.streamer.stats().datagramsMalformed()).isPositive();

            assertGoodPeerIsServed(f, "10.0.12.1");
            assertThat(f.streamer.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void aFloodOfInitialPacketsFromSpoofedSourcesIsCappedAndOthersStillConnect() throws Exception {
        try (LoopbackFixture f = new LoopbackFixture(BASE.withMaxInitialsPerSecond(100))) {
            Random random = new Random(6);
            DatagramBuffer buffer = DatagramBuffer.allocate(1500, 0);
            for (int source = 0; source < 500; source++) {
                try (DatagramTransport spoofed = f.network.open(f.freshAddress("10.2." + (source / 250) + "." + (source % 250 + 1)))) {
                    buffer.reset().writeBytes(fakeInitial(random));
                    spoofed.send(buffer, LoopbackFixture.SERVER);
                }
            }
            assertThat(Packets.await(() -> f.streamer.stats().datagramsReceived() >= 500, 30)).isTrue();
            assertThat(f.streamer.stats().initialsOverBudget()).isPositive();

            assertGoodPeerIsServed(f, "10.0.13.1");
            assertThat(f.streamer.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    /** A 1,200-byte QUIC v1 Initial header with random connection IDs and an undecryptable payload. */
    private static byte[] fakeInitial(Random random) {
        ByteBuffer b = ByteBuffer.allocate(1200);
        b.put((byte) 0xC3).putInt(1);
        byte[] cid = new byte[8];
        random.nextBytes(cid);
        b.put((byte) 8).put(cid);
        random.nextBytes(cid);
        b.put((byte) 8).put(cid);
        b.put((byte) 0);                           // no token
        b.putShort((short) (0x4000 | (1200 - b.position() - 2))); // two-byte varint length
        byte[] rest = new byte[b.remaining()];
        random.nextBytes(rest);
        b.put(rest);
        return b.array();
    }

    private static void assertGoodPeerIsServed(LoopbackFixture f, String ip) throws Exception {
        long before = f.collector.total.get();
        QuicSender good = f.sender(ip);
        for (int i = 0; i < 50; i++) {
            good.send(Packets.packet(before + i, 500));
        }
        assertThat(good.close(Duration.ofSeconds(20)).unconfirmed()).isZero();
        assertThat(Packets.await(() -> f.collector.total.get() == before + 50, 30)).isTrue();
    }
}
