package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.bpf.LinkImpairment;
import io.salvo.testing.bpf.SendRefusal;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.BitSet;

import static io.salvo.transport.udp.NumberedTraffic.PATIENCE_NANOS;
import static io.salvo.transport.udp.NumberedTraffic.WINDOW;
import static io.salvo.transport.udp.NumberedTraffic.bigBuffers;
import static io.salvo.transport.udp.NumberedTraffic.fill;
import static io.salvo.transport.udp.NumberedTraffic.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over a veth that loses 10% of the datagrams and duplicates 5% (a BPF program on the receiver's
 * ingress, {@link LinkImpairment}: the test kernel has no netem), a receive loop's (or the
 * Poller's) own count and the transports' counters balance exactly against the kernel's: sent =
 * distinct received + lost,
 * every extra copy seen as a duplicate, nothing unaccounted. And with 10% of the packets refused
 * by the sender's own kernel ({@link SendRefusal}, as a firewall's OUTPUT drop: {@code EPERM}),
 * every slot ends {@code SENT} or {@code ACCESS_DENIED}, each denied one counted once under that
 * cause and never arriving, and what the kernel let out is what the transport counts as sent.
 * ({@code sendmmsg} reports an error only for a call's first message; a refusal further on is a
 * short count, and the next call tries that slot again: those refusals end up sent.)
 * Sent without GSO: a super-packet crosses a veth whole and would be lost or copied whole.
 */
class LossyLinkTest {

    private static final int DATAGRAMS = 4096;
    private static final int SIZE = 1000;
    /** Impairments touch this many bytes or more (frames at ingress, IP packets at the sender): datagrams, not ARP or NDP. */
    private static final int IMPAIRED_FROM = 500;

    private static UdpOptions.Builder withoutGso() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gsoCoalescing(false);
    }

    @ParameterizedTest(name = "{0}, ipv6={1}")
    @CsvSource({"RECEIVE_LOOP, false", "RECEIVE_LOOP, true", "POLLER, false", "POLLER, true"})
    void lossAndDuplicationOnTheLinkBalanceExactlyAgainstTheKernelsCount(CountingLoop.Kind loop, boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns client = lab.namespace("client");
            Netns server = lab.namespace("server");
            VethLink link = lab.link(client, server);
            InetSocketAddress to = link.b().socketAddress(v6, 0);
            try (UdpTransport rx = server.call(() -> UdpTransport.bind(to, bigBuffers(withoutGso()).build()));
                 UdpTransport tx = client.call(() -> UdpTransport.bind(link.a().socketAddress(v6, 0), withoutGso().build()));
                 LinkImpairment impairment = LinkImpairment.onIngress(link.b(), 0.10, 0.05, IMPAIRED_FROM);
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
                        // Pace on what the link delivered, so no buffer on the way can overflow.
                        long sent = (k + 1) * 64L;
                        counter.awaitArrivals(() -> sent - WINDOW - impairment.dropped() + impairment.duplicated(), deadline);
                    }
                    counter.awaitArrivals(() -> DATAGRAMS - impairment.dropped() + impairment.duplicated(), deadline);
                }
                long lost = DATAGRAMS - counter.seen().cardinality();
                SocketStats sent = tx.stats();
                SocketStats received = rx.stats();
                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(sent.datagramsSent()).as("sent").isEqualTo(DATAGRAMS);
                soft.assertThat(sent.totalDrops()).as("send-side drops").isZero();
                soft.assertThat(lost).as("lost = what the link dropped").isEqualTo(impairment.dropped()).isPositive();
                soft.assertThat(counter.duplicates()).as("duplicates = copies the link made")
                        .isEqualTo(impairment.duplicated()).isPositive();
                soft.assertThat(counter.seen().cardinality() + lost).as("sent = distinct received + lost").isEqualTo(DATAGRAMS);
                soft.assertThat(counter.seen().nextSetBit(DATAGRAMS)).as("no number that was not sent").isEqualTo(-1);
                soft.assertThat(received.datagramsReceived()).as("the transport counted every arrival, copies too")
                        .isEqualTo(counter.arrivals()).isEqualTo(counter.seen().cardinality() + counter.duplicates());
                soft.assertThat(received.totalDrops()).as("receive-side drops: " + received).isZero();
                soft.assertAll();
            }
        }
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void sendsRefusedByTheSendersKernelAreAccessDeniedPerSlotAndCountedOnce(boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns client = lab.namespace("client");
            Netns server = lab.namespace("server");
            VethLink link = lab.link(client, server);
            InetSocketAddress to = link.b().socketAddress(v6, 0);
            try (SendRefusal refusal = SendRefusal.in(client, 0.10, IMPAIRED_FROM);
                 UdpTransport rx = server.call(() -> UdpTransport.bind(to, bigBuffers(withoutGso()).build()));
                 UdpTransport tx = refusal.call(() -> UdpTransport.bind(link.a().socketAddress(v6, 0), withoutGso().build()));
                 PacketBatch out = PacketBatch.allocate(64, SIZE, 0)) {
                CountingLoop counter = new CountingLoop(rx, CountingLoop.Kind.RECEIVE_LOOP);
                BitSet denied = new BitSet();
                long otherStatuses = 0;
                long deadline = System.nanoTime() + PATIENCE_NANOS;
                try (counter) {
                    for (int k = 0; k < DATAGRAMS / 64; k++) {
                        for (int i = 0; i < 64; i++) {
                            fill(out, i, k * 64 + i, SIZE, rx.localAddress());
                        }
                        out.setCount(64);
                        sendAll(tx, out);
                        for (int i = 0; i < 64; i++) {
                            SendStatus s = out.sendStatus(i);
                            if (s == SendStatus.ACCESS_DENIED) {
                                denied.set(k * 64 + i);
                            } else if (s != SendStatus.SENT) {
                                otherStatuses++;
                            }
                        }
                        long sentSoFar = tx.stats().datagramsSent();
                        counter.awaitArrivals(() -> sentSoFar - WINDOW, deadline);
                    }
                    counter.awaitArrivals(() -> tx.stats().datagramsSent(), deadline);
                }
                SocketStats sent = tx.stats();
                BitSet overlap = (BitSet) denied.clone();
                overlap.and(counter.seen());
                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(otherStatuses).as("slots neither sent nor denied").isZero();
                soft.assertThat((long) denied.cardinality()).as("denied slots, each counted once")
                        .isPositive().isEqualTo(sent.drops(DropCause.ACCESS_DENIED));
                // A refusal after a call's first message is a short count; the slot is tried again.
                soft.assertThat(refusal.refused()).as("the kernel's refusals: every denied slot, and retried ones")
                        .isGreaterThanOrEqualTo(denied.cardinality());
                soft.assertThat(refusal.allowed()).as("what the kernel let out = what the transport counts sent")
                        .isEqualTo(sent.datagramsSent());
                soft.assertThat(sent.datagramsSent() + sent.drops(DropCause.ACCESS_DENIED)).as("every datagram accounted for")
                        .isEqualTo(DATAGRAMS);
                soft.assertThat(sent.totalDrops()).as("no other cause: " + sent).isEqualTo(sent.drops(DropCause.ACCESS_DENIED));
                soft.assertThat(overlap.isEmpty()).as("no denied datagram arrived").isTrue();
                soft.assertThat((long) counter.seen().cardinality()).as("every datagram sent arrived, once")
                        .isEqualTo(sent.datagramsSent()).isEqualTo(counter.arrivals());
                soft.assertAll();
            }
        }
    }
}
