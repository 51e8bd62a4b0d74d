package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.bpf.GsoRefusal;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.TransportEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static io.salvo.transport.udp.NumberedTraffic.PATIENCE_NANOS;
import static io.salvo.transport.udp.NumberedTraffic.bigBuffers;
import static io.salvo.transport.udp.NumberedTraffic.fill;
import static io.salvo.transport.udp.NumberedTraffic.pace;
import static io.salvo.transport.udp.NumberedTraffic.sendAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an operator sees in a flight recording when a real path refuses GSO with {@code EIO} (made
 * so by {@link GsoRefusal}, as an IPsec route would): one {@code io.salvo.GsoFallback} event, for
 * Salvo's own coalescing, naming the error, the destination and the datagrams resent, matching the
 * transport's {@code GSO_FALLBACK} count; and the transport's open and close events.
 */
class GsoEioRecordedTest {

    private static final int BATCHES = 10;

    @Test
    void aRefusalOnARealPathIsOneGsoFallbackEventWithEio(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gso.jfr");
        try (NetnsLab lab = NetnsLab.open()) {
            Netns a = lab.namespace("sender");
            Netns b = lab.namespace("receiver");
            VethLink link = lab.link(a, b);
            UdpOptions.Builder nativeUdp = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE);
            String sender;
            long fallbacks;
            InetSocketAddress to;
            try (Recording recording = new Recording()) {
                recording.enable("io.salvo.GsoFallback");
                recording.enable("io.salvo.TransportOpened");
                recording.enable("io.salvo.TransportClosed");
                recording.start();
                try (GsoRefusal refusal = GsoRefusal.in(a);
                     UdpTransport rx = b.call(() -> UdpTransport.bind(link.b().socketAddress(false, 0),
                             bigBuffers(nativeUdp).build()));
                     UdpTransport tx = refusal.call(() -> UdpTransport.bind(link.a().socketAddress(false, 0),
                             nativeUdp.build()));
                     NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx);
                     PacketBatch out = PacketBatch.allocate(64, 1200, 0)) {
                    assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
                    to = rx.localAddress();
                    long deadline = System.nanoTime() + PATIENCE_NANOS;
                    for (int k = 0; k < BATCHES; k++) {
                        for (int i = 0; i < 64; i++) {
                            fill(out, i, k * 64 + i, 1200, to); // equal slots: Salvo coalesces them
                        }
                        out.setCount(64);
                        sendAll(tx, out);
                        pace(tx, counter, deadline);
                    }
                    assertThat(counter.awaitAtLeast(BATCHES * 64L, deadline)).as("all arrived; " + tx.stats()).isTrue();
                    sender = tx.toString();
                    fallbacks = tx.stats().events(TransportEvent.GSO_FALLBACK);
                    assertThat(refusal.refusals()).as("the kernel refused GSO").isPositive();
                }
                recording.stop();
                recording.dump(file);
            }
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> sender.equals(e.getString("transport"))).toList();
            assertThat(events.stream().filter(e -> e.getEventType().getName().equals("io.salvo.GsoFallback")))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getString("error")).isEqualTo("EIO");
                        assertThat(e.getBoolean("automatic")).as("Salvo's own coalescing").isTrue();
                        assertThat(e.getString("destination")).contains(to.getAddress().getHostAddress());
                        assertThat((long) e.getInt("datagrams")).as("= the transport's GSO_FALLBACK count")
                                .isEqualTo(fallbacks).isGreaterThan(1);
                    });
            assertThat(events).extracting(e -> e.getEventType().getName())
                    .contains("io.salvo.TransportOpened", "io.salvo.TransportClosed");
        }
    }
}
