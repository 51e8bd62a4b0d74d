package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.salvo.transport.udp.NumberedTraffic.PATIENCE_NANOS;
import static io.salvo.transport.udp.NumberedTraffic.bigBuffers;
import static io.salvo.transport.udp.NumberedTraffic.fill;
import static io.salvo.transport.udp.NumberedTraffic.fillGso;
import static io.salvo.transport.udp.NumberedTraffic.WINDOW;
import static io.salvo.transport.udp.NumberedTraffic.sendAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Datagrams larger than the path MTU (issue 15), over a veth link with MTU 1280 between two
 * network namespaces: the kernel fragments what it may, refuses what it must, and Salvo's GSO
 * coalescing must not turn a deliverable datagram into a lost one.
 */
class PathMtuTest {

    private static final int MTU = 1280;
    private static final int SIZE = 1400; // over the MTU: fragmented, or refused under don't-fragment
    private static final int SLOTS = 64;
    private static final int BATCHES = 100;
    private static final int DATAGRAMS = SLOTS * BATCHES;

    private static UdpOptions.Builder nativeOptions() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE);
    }

    /** Sender in {@code a}, receiver in {@code b}, joined by a link of MTU 1280. */
    private record Pair(NetnsLab lab, Netns a, Netns b, VethLink link) implements AutoCloseable {
        static Pair open(boolean v6) throws Exception {
            NetnsLab lab = NetnsLab.open();
            try {
                assumeTrue(!v6 || lab.ipv6Available(), "no IPv6 in this kernel");
                Netns a = lab.namespace("sender");
                Netns b = lab.namespace("receiver");
                return new Pair(lab, a, b, lab.link(a, b).mtu(MTU));
            } catch (Throwable t) {
                lab.close();
                throw t;
            }
        }

        UdpTransport sender(boolean v6, UdpOptions options) throws Exception {
            return a.call(() -> UdpTransport.bind(link.a().socketAddress(v6, 0), options));
        }

        UdpTransport receiver(boolean v6) throws Exception {
            return b.call(() -> UdpTransport.bind(link.b().socketAddress(v6, 0), bigBuffers(nativeOptions()).build()));
        }

        @Override
        public void close() throws Exception {
            lab.close();
        }
    }

    /** Sends {@code batches} batches of 64 numbered 1,400-byte datagrams, pacing on the receiver. */
    private static void sendNumbered(UdpTransport tx, NumberedTraffic.Receiver rx, InetSocketAddress to, int firstSeq,
                                     int batches, int size) throws Exception {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        // The receiver may count another sender's rounds too: pace on what arrived since this call began.
        long receivedBefore = rx.received();
        long sentBefore = tx.stats().datagramsSent();
        try (PacketBatch out = PacketBatch.allocate(SLOTS, 2048, 0)) {
            for (int k = 0; k < batches; k++) {
                for (int i = 0; i < SLOTS; i++) {
                    fill(out, i, firstSeq + k * SLOTS + i, size, to);
                }
                out.setCount(SLOTS);
                sendAll(tx, out);
                rx.awaitAtLeast(receivedBefore + tx.stats().datagramsSent() - sentBefore - WINDOW, deadline);
            }
        }
        rx.awaitAtLeast(receivedBefore + tx.stats().datagramsSent() - sentBefore, deadline);
    }

    static Stream<Arguments> familiesConnectedAndCoalescing() {
        List<Arguments> all = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            for (boolean connected : new boolean[] {false, true}) {
                for (boolean coalescing : new boolean[] {true, false}) {
                    all.add(Arguments.of(v6, connected, coalescing));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "ipv6={0} connected={1} gsoCoalescing={2}")
    @MethodSource("familiesConnectedAndCoalescing")
    void datagramsOverThePathMtuArriveFragmentedWhetherOrNotCoalescingIsOn(boolean v6, boolean connected,
                                                                            boolean coalescing) throws Exception {
        try (Pair net = Pair.open(v6);
             UdpTransport rx = net.receiver(v6);
             UdpTransport tx = net.sender(v6, bigBuffers(nativeOptions()).gsoCoalescing(coalescing).build());
             NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx)) {
            InetSocketAddress to = rx.localAddress();
            if (connected) {
                tx.connect(to);
                to = null;
            }
            sendNumbered(tx, counter, to, 0, BATCHES, SIZE);
            counter.close();
            SocketStats s = tx.stats();
            String story = "sender: " + s + " / receiver: " + counter.stats();
            assertThat(counter.distinct()).as("datagrams that arrived; " + story).isEqualTo(DATAGRAMS);
            assertThat(counter.duplicates()).as(story).isZero();
            assertThat(s.datagramsSent()).as(story).isEqualTo(DATAGRAMS);
            assertThat(s.totalDrops()).as(story).isZero();
        }
    }

    static Stream<Arguments> familiesModesAndCoalescing() {
        List<Arguments> all = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            for (var mode : new UdpOptions.PathMtuDiscovery[] {UdpOptions.PathMtuDiscovery.DONT_FRAGMENT,
                    UdpOptions.PathMtuDiscovery.PROBE}) {
                for (boolean coalescing : new boolean[] {true, false}) {
                    all.add(Arguments.of(v6, mode, coalescing));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "ipv6={0} {1} gsoCoalescing={2}")
    @MethodSource("familiesModesAndCoalescing")
    void underDontFragmentEverySlotOverTheMtuIsTooLargeAndCountedOnce(boolean v6, UdpOptions.PathMtuDiscovery mode,
                                                                     boolean coalescing) throws Exception {
        int batches = 10;
        try (Pair net = Pair.open(v6);
             UdpTransport rx = net.receiver(v6);
             UdpTransport tx = net.sender(v6, bigBuffers(nativeOptions()).gsoCoalescing(coalescing)
                     .pathMtuDiscovery(mode).build());
             NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx);
             PacketBatch out = PacketBatch.allocate(SLOTS, 2048, 0)) {
            InetSocketAddress to = rx.localAddress();
            for (int k = 0; k < batches; k++) {
                for (int i = 0; i < SLOTS; i++) {
                    fill(out, i, k * SLOTS + i, SIZE, to);
                }
                out.setCount(SLOTS);
                sendAll(tx, out);
                for (int i = 0; i < SLOTS; i++) {
                    assertThat(out.sendStatus(i)).as("batch %d slot %d; %s", k, i, tx.stats())
                            .isEqualTo(SendStatus.MESSAGE_TOO_LARGE);
                }
            }
            SocketStats s = tx.stats();
            assertThat(s.drops(DropCause.OVERSIZE)).as("each slot counted once; " + s).isEqualTo(batches * SLOTS);
            assertThat(s.datagramsSent() + s.totalDrops()).as("sent + dropped = handed over; " + s)
                    .isEqualTo(batches * SLOTS);

            // The socket is fine for datagrams that fit: a batch of 1,000-byte ones goes through.
            int small = 1000;
            sendNumbered(tx, counter, to, batches * SLOTS, 1, small);
            counter.close();
            assertThat(counter.distinct()).as("datagrams under the MTU; " + tx.stats()).isEqualTo(SLOTS);
            assertThat(tx.stats().datagramsSent()).isEqualTo(SLOTS);
        }
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void anExplicitSegmentSizeOverThePathMtuFailsOnlyThatSlotAndCountsItsDatagrams(boolean v6) throws Exception {
        try (Pair net = Pair.open(v6);
             UdpTransport rx = net.receiver(v6);
             UdpTransport tx = net.sender(v6, bigBuffers(nativeOptions()).build());
             NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx);
             PacketBatch out = PacketBatch.allocate(3, 4096, 0)) {
            assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
            InetSocketAddress to = rx.localAddress();
            fillGso(out, 0, 0, 2, SIZE, to);  // 2 segments of 1,400: each over the MTU
            fillGso(out, 1, 2, 2, 1000, to);  // 2 segments of 1,000: fit
            fill(out, 2, 4, 500, to);
            out.setCount(3);
            sendAll(tx, out);
            assertThat(out.sendStatus(0)).as(tx.stats().toString()).isEqualTo(SendStatus.MESSAGE_TOO_LARGE);
            assertThat(out.sendStatus(1)).isEqualTo(SendStatus.SENT);
            assertThat(out.sendStatus(2)).isEqualTo(SendStatus.SENT);
            SocketStats s = tx.stats();
            assertThat(s.drops(DropCause.OVERSIZE)).as("both datagrams of the refused slot; " + s).isEqualTo(2);
            assertThat(s.datagramsSent()).as(s.toString()).isEqualTo(3);
            assertThat(s.datagramsSent() + s.totalDrops()).isEqualTo(5);
            counter.awaitAtLeast(3, System.nanoTime() + PATIENCE_NANOS);
            counter.close();
            assertThat(counter.distinct()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "ipv6={0} connected={1}")
    @MethodSource("familiesAndConnected")
    void laterBatchesToALearntDestinationArriveInAboutTheCallsCoalescingOffNeeds(boolean v6, boolean connected)
            throws Exception {
        try (Pair net = Pair.open(v6);
             UdpTransport rx = net.receiver(v6);
             UdpTransport tx = net.sender(v6, bigBuffers(nativeOptions()).build());
             UdpTransport plain = net.sender(v6, bigBuffers(nativeOptions()).gsoCoalescing(false).build());
             NumberedTraffic.Receiver counter = new NumberedTraffic.Receiver(rx)) {
            InetSocketAddress to = rx.localAddress();
            if (connected) {
                tx.connect(to);
                plain.connect(to);
            }
            InetSocketAddress target = connected ? null : to;
            sendNumbered(plain, counter, target, 0, BATCHES, SIZE);
            long baselineCalls = plain.stats().sendCalls();

            sendNumbered(tx, counter, target, DATAGRAMS, BATCHES, SIZE); // learns
            SocketStats learnt = tx.stats();
            sendNumbered(tx, counter, target, 2 * DATAGRAMS, BATCHES, SIZE); // already knows
            SocketStats after = tx.stats();
            counter.close();

            String story = "coalescing off: " + plain.stats() + " / after learning: " + learnt + " / then: " + after;
            assertThat(counter.distinct()).as("all three rounds arrived; " + story).isEqualTo(3 * DATAGRAMS);
            assertThat(after.totalDrops()).as(story).isZero();
            assertThat(after.sendCalls() - learnt.sendCalls()).as("calls for a round once the MTU is known; " + story)
                    .isLessThanOrEqualTo(baselineCalls + 2);
            assertThat(after.events(TransportEvent.PATH_MTU_LEARNED)).as("nothing new to learn; " + story)
                    .isEqualTo(learnt.events(TransportEvent.PATH_MTU_LEARNED));
        }
    }

    static Stream<Arguments> familiesAndConnected() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }
}
