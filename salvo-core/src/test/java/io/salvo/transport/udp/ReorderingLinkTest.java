package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.bpf.LinkReordering;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.SocketStats;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static io.salvo.transport.udp.NumberedTraffic.PATIENCE_NANOS;
import static io.salvo.transport.udp.NumberedTraffic.WINDOW;
import static io.salvo.transport.udp.NumberedTraffic.bigBuffers;
import static io.salvo.transport.udp.NumberedTraffic.fill;
import static io.salvo.transport.udp.NumberedTraffic.sendAll;

/**
 * Over a path that holds back a quarter of the datagrams by about a millisecond each (diverted
 * through a second, rate-limited link by {@link LinkReordering}: the test kernel has no netem), the
 * loops deliver every datagram once, see some of them out of order, and count no drop: reordering
 * and delay lose nothing. Sent without GSO, so each datagram is a frame of its own.
 */
class ReorderingLinkTest {

    private static final int DATAGRAMS = 4096;
    private static final int SIZE = 1000;

    private static UdpOptions.Builder withoutGso() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gsoCoalescing(false);
    }

    @ParameterizedTest(name = "{0}, ipv6={1}")
    @CsvSource({"RECEIVE_LOOP, false", "POLLER, true"})
    void everyDatagramArrivesOnceAndSomeOutOfOrder(CountingLoop.Kind loop, boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns client = lab.namespace("client");
            Netns server = lab.namespace("server");
            VethLink fast = lab.link(client, server);
            VethLink slow = lab.link(client, server);
            InetSocketAddress to = fast.b().socketAddress(v6, 0);
            try (LinkReordering reordering = LinkReordering.divert(fast, slow, 0.25, 500, 8000);
                 UdpTransport rx = server.call(() -> UdpTransport.bind(to, bigBuffers(withoutGso()).build()));
                 UdpTransport tx = client.call(() -> UdpTransport.bind(fast.a().socketAddress(v6, 0), withoutGso().build()));
                 PacketBatch out = PacketBatch.allocate(64, SIZE, 0)) {
                CountingLoop counter = new CountingLoop(rx, loop);
                long deadline = System.nanoTime() + PATIENCE_NANOS;
                try (counter) {
                    for (int k = 0; k < DATAGRAMS / 64; k++) {
                        for (int i = 0; i < 64; i++) {
                            fill(out, i, k * 64 + i, SIZE, rx.localAddress());
                        }
                        out.setCount(64);
                        sendAll(tx, out);
                        long sent = (k + 1) * 64L;
                        counter.awaitArrivals(() -> sent - WINDOW, deadline);
                    }
                    counter.awaitArrivals(() -> DATAGRAMS, deadline);
                }
                SocketStats received = rx.stats();
                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(tx.stats().datagramsSent()).isEqualTo(DATAGRAMS);
                soft.assertThat(reordering.diverted()).as("held back on the slow link").isPositive();
                soft.assertThat(counter.seen().cardinality()).as("every datagram arrived").isEqualTo(DATAGRAMS);
                soft.assertThat(counter.duplicates()).isZero();
                soft.assertThat(counter.outOfOrder()).as("some overtaken").isPositive()
                        .isLessThanOrEqualTo(reordering.diverted());
                soft.assertThat(received.datagramsReceived()).isEqualTo(counter.arrivals()).isEqualTo(DATAGRAMS);
                soft.assertThat(received.totalDrops()).as("receive-side drops: " + received).isZero();
                soft.assertAll();
            }
        }
    }
}
