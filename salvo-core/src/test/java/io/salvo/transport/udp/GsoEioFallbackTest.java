package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.bpf.GsoRefusal;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;

import static io.salvo.transport.udp.NumberedTraffic.PATIENCE_NANOS;
import static io.salvo.transport.udp.NumberedTraffic.bigBuffers;
import static io.salvo.transport.udp.NumberedTraffic.fill;
import static io.salvo.transport.udp.NumberedTraffic.fillGso;
import static io.salvo.transport.udp.NumberedTraffic.pace;
import static io.salvo.transport.udp.NumberedTraffic.sendAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * When the kernel refuses GSO sends with EIO (issue 18.5; here made so by {@link GsoRefusal}, as an
 * IPsec route would), every datagram must still arrive, the resend must go out in batches, and
 * the refusal must be learnt once, not met again on every call. The sender is unconnected: the
 * fixture cannot refuse sends of connected sockets.
 */
class GsoEioFallbackTest {

    private static final int DATAGRAMS = 6400;

    private static UdpOptions.Builder nativeOptions() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE);
    }

    /** How a test hands its 6,400 datagrams to the transport. */
    private interface Workload {
        void send(UdpTransport tx, NumberedTraffic.Receiver rx, InetSocketAddress to) throws Exception;
    }

    /** 100 batches of 64 equal 1,200-byte slots: automatic coalescing makes GSO messages of them. */
    private static final Workload EQUAL_SLOTS = (tx, rx, to) -> {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        try (PacketBatch out = PacketBatch.allocate(64, 1200, 0)) {
            for (int k = 0; k < DATAGRAMS / 64; k++) {
                for (int i = 0; i < 64; i++) {
                    fill(out, i, k * 64 + i, 1200, to);
                }
                out.setCount(64);
                sendAll(tx, out);
                pace(tx, rx, deadline);
            }
        }
    };

    /** 10 batches of 10 slots, each slot 64 segments of 1,000 bytes with an explicit segment size. */
    private static final Workload EXPLICIT_GSO = (tx, rx, to) -> {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        try (PacketBatch out = PacketBatch.allocate(10, 64 * 1000, 0)) {
            for (int k = 0; k < DATAGRAMS / 640; k++) {
                for (int i = 0; i < 10; i++) {
                    fillGso(out, i, k * 640 + i * 64, 64, 1000, to);
                }
                out.setCount(10);
                sendAll(tx, out);
                pace(tx, rx, deadline);
            }
        }
    };

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void coalescedRunsRefusedWithEioAllArriveInBatchesAndTheRefusalIsLearntOnce(boolean v6) throws Exception {
        runRefused(v6, nativeOptions(), EQUAL_SLOTS, true);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void explicitGsoSlotsRefusedWithEioAllArriveInBatchesAndTheRefusalIsLearntOnce(boolean v6) throws Exception {
        runRefused(v6, nativeOptions(), EXPLICIT_GSO, true);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void withCoalescingOffThePathThatRefusesGsoIsNeverAskedForIt(boolean v6) throws Exception {
        runRefused(v6, nativeOptions().gsoCoalescing(false), EQUAL_SLOTS, false);
    }

    private static void runRefused(boolean v6, UdpOptions.Builder options, Workload workload, boolean gsoAsked)
            throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            assumeTrue(!v6 || lab.ipv6Available(), "no IPv6 in this kernel");
            Netns a = lab.namespace("sender");
            Netns b = lab.namespace("receiver");
            VethLink link = lab.link(a, b);
            try (GsoRefusal refusal = GsoRefusal.in(a);
                 UdpTransport rx = b.call(() -> UdpTransport.bind(link.b().socketAddress(v6, 0),
                         bigBuffers(nativeOptions()).build()));
                 UdpTransport tx = refusal.call(() -> UdpTransport.bind(link.a().socketAddress(v6, 0),
                         bigBuffers(options).build()));
                 NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx)) {
                assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
                workload.send(tx, counter, rx.localAddress());
                counter.awaitAtLeast(tx.stats().datagramsSent(), System.nanoTime() + PATIENCE_NANOS);
                counter.close();
                SocketStats s = tx.stats();
                long refused = refusal.refusals();
                String story = "sender: " + s + " / GSO messages the kernel refused: " + refused;

                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(counter.distinct()).as("datagrams that arrived; " + story).isEqualTo(DATAGRAMS);
                soft.assertThat(counter.duplicates()).as("duplicates; " + story).isZero();
                soft.assertThat(s.datagramsSent()).as("datagrams sent; " + story).isEqualTo(DATAGRAMS);
                soft.assertThat(s.totalDrops()).as("drops; " + story).isZero();
                // The plain sends need one sendmmsg per 64 datagrams; the resend of a refused message
                // goes out batched too, so a few calls more at most (one datagram per call was 6,500).
                soft.assertThat(s.sendCalls()).as("send calls, batched fallback included; " + story)
                        .isLessThanOrEqualTo(DATAGRAMS / 64 + 10);
                if (gsoAsked) {
                    soft.assertThat(refused).as("GSO messages refused: learnt on the first; " + story).isEqualTo(1);
                    soft.assertThat(!tx.capabilities().gso() || s.events(TransportEvent.GSO_DISABLED) > 0)
                            .as("GSO shown off afterwards (capabilities " + tx.capabilities() + "); " + story).isTrue();
                    soft.assertThat(s.events(TransportEvent.GSO_DISABLED)).as("GSO turned off once; " + story)
                            .isLessThanOrEqualTo(1);
                    soft.assertThat(s.events(TransportEvent.GSO_FALLBACK)).as("the refused message resent; " + story)
                            .isPositive();
                } else {
                    soft.assertThat(refused).as("GSO never asked for; " + story).isZero();
                    soft.assertThat(s.events(TransportEvent.GSO_FALLBACK)).as(story).isZero();
                }
                soft.assertAll();
            }
        }
    }
}
