package io.salvo.transport.udp;

import io.salvo.loop.ReceiveLoops;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.SendStatus;
import io.salvo.transport.udp.TaggedArrivals.Arrival;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.salvo.transport.udp.TaggedArrivals.marker;
import static io.salvo.transport.udp.TaggedArrivals.send;
import static io.salvo.transport.udp.TaggedArrivals.texts;
import static io.salvo.transport.udp.TaggedArrivals.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with two interfaces, both links to the same client, and a client that asks over the
 * second link from its first link's address: routing alone would send the reply back over the
 * first link. Replies must leave by the interface the request came in on when the server says so:
 * with {@code replyFrom} (pktinfo source and interface), or by binding the socket to the device
 * ({@code SO_BINDTODEVICE}, which also keeps the other interface's datagrams away from it). Checked
 * on the client (the interface and address the reply arrived on, where it came from) and with the
 * server's per-interface packet counters ({@code /proc/net/dev} of its namespace).
 *
 * <p>The {@code replyFrom} case is IPv4 only: with an IPv6 source address given, the kernel's route
 * lookup does not insist on the pktinfo interface, so the same asymmetric setup is not a fair
 * question there (not covered here; {@code DualStackRepliesTest} covers IPv6 reply sources).
 */
class TwoInterfacesTest {

    private static final int REPLIES = 20;

    /** Client and server joined by two links: veth1 (10.213.1.0/24) and veth2 (10.213.2.0/24) at both ends. */
    private record Setup(NetnsLab lab, Netns client, Netns server, VethLink first, VethLink second) {
        static Setup open() throws IOException {
            NetnsLab lab = NetnsLab.open();
            try {
                Netns client = lab.namespace("client");
                Netns server = lab.namespace("server");
                return new Setup(lab, client, server, lab.link(client, server), lab.link(client, server));
            } catch (IOException | RuntimeException e) {
                lab.close();
                throw e;
            }
        }
    }

    /** Without GSO: a coalesced run of replies would cross the veth as one packet and the counters could not count them. */
    private static UdpOptions.Builder withPacketInfo() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).packetInfo(true).gsoCoalescing(false);
    }

    /** The MAC address of {@code device} in {@code ns}. */
    private static String mac(Netns ns, String device) throws IOException {
        String line = ns.ip("-o", "link", "show", "dev", device);
        int at = line.indexOf("link/ether ");
        assertThat(at).as(line).isNotNegative();
        return line.substring(at + 11).split("\\s+")[0];
    }

    /** Packets sent so far by {@code device}, from the namespace's own {@code /proc/net/dev}. */
    private static long packetsSent(Netns ns, String device) throws Exception {
        List<String> lines = ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/dev")));
        for (String line : lines) {
            String[] sides = line.strip().split(":", 2);
            if (sides.length == 2 && sides[0].strip().equals(device)) {
                return Long.parseLong(sides[1].strip().split("\\s+")[9]); // receive has 8 columns, then transmit
            }
        }
        throw new AssertionError(device + " not in /proc/net/dev of " + ns + ": " + lines);
    }

    /** Echoes {@code count} requests from {@code server}, each slot replying from where the request arrived if asked. */
    private static void echo(UdpTransport server, int count, boolean replyFrom) throws IOException {
        try (PacketBatch in = PacketBatch.allocate(count, 256, 0); PacketBatch out = PacketBatch.allocate(count, 256, 0)) {
            int n = ReceiveLoops.recvExact(server, in, count, Duration.ofSeconds(20));
            assertThat(n).as("requests received; " + server.stats()).isEqualTo(count);
            for (int i = 0; i < n; i++) {
                out.buffer(i).reset().writeBytes(in.buffer(i));
                out.copyPeerAddress(in, i, i);
                if (replyFrom) {
                    out.replyFrom(in, i, i);
                } else {
                    out.setSourceAddress(i, null);
                }
            }
            out.setCount(n);
            NumberedTraffic.sendAll(server, out);
            for (int i = 0; i < n; i++) {
                assertThat(out.sendStatus(i)).as("reply " + i + "; " + server.stats()).isEqualTo(SendStatus.SENT);
            }
        }
    }

    @ParameterizedTest(name = "replyFrom={0}")
    @ValueSource(booleans = {true, false})
    void repliesLeaveByTheInterfaceTheRequestCameInOnWithReplyFromAndByTheRouteWithout(boolean replyFrom)
            throws Exception {
        Setup s = Setup.open();
        try (NetnsLab ignored = s.lab();
             UdpTransport server = s.server().call(() ->
                     UdpTransport.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), withPacketInfo().build()));
             UdpTransport client = s.client().call(() ->
                     UdpTransport.bind(new InetSocketAddress(s.first().a().ipv4(), 0), withPacketInfo().build()))) {
            int port = server.localAddress().getPort();
            InetSocketAddress askedAt = new InetSocketAddress(s.second().b().ipv4(), port);
            for (int i = 0; i < REPLIES; i++) {
                send(client, "request-" + i, askedAt); // leaves by the client's veth2: the route to 10.213.2.0/24
            }
            long firstBefore = packetsSent(s.server(), "veth1");
            long secondBefore = packetsSent(s.server(), "veth2");
            echo(server, REPLIES, replyFrom);
            // The marker takes the route (veth1) to the client's own address there.
            send(server, marker("done"), new InetSocketAddress(s.first().a().ipv4(), client.localAddress().getPort()));
            List<Arrival> replies = until(client, marker("done"), REPLIES);
            long firstSent = packetsSent(s.server(), "veth1") - firstBefore;
            long secondSent = packetsSent(s.server(), "veth2") - secondBefore;

            assertThat(texts(replies)).hasSize(REPLIES);
            int clientSecond = s.second().a().index();
            int clientFirst = s.first().a().index();
            if (replyFrom) {
                assertThat(replies).allSatisfy(r -> {
                    assertThat(r.interfaceIndex()).as("arrived on the client's second link").isEqualTo(clientSecond);
                    assertThat(((InetSocketAddress) r.source()).getAddress()).as("from the address asked")
                            .isEqualTo(s.second().b().ipv4());
                });
                assertThat(secondSent).as("server veth2 sent the replies").isGreaterThanOrEqualTo(REPLIES);
                assertThat(firstSent).as("server veth1 sent the marker, not the replies").isLessThan(REPLIES);
            } else {
                assertThat(replies).allSatisfy(r -> {
                    assertThat(r.interfaceIndex()).as("routed over the first link").isEqualTo(clientFirst);
                    assertThat(((InetSocketAddress) r.source()).getAddress()).as("from the route's source")
                            .isEqualTo(s.first().b().ipv4());
                });
                assertThat(firstSent).as("server veth1 sent replies and marker").isGreaterThanOrEqualTo(REPLIES + 1);
                assertThat(secondSent).as("server veth2 sent no replies").isLessThan(REPLIES);
            }
        }
    }

    /**
     * Two sockets on one port, each bound to one of the server's interfaces: each sees only what
     * came in on its own, and its replies leave through it even where the route says otherwise.
     * For IPv6 the server also has a (worse) route to the client's first prefix over veth2 and a
     * neighbour entry for the client's address there: a device-bound IPv6 socket only uses routes
     * through its device, IPv6 (unlike IPv4) does not assume an address is on-link when there is
     * none, and the client answers neighbour solicitations only for the interface's own addresses.
     */
    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void socketsBoundToADeviceSeeOnlyItsDatagramsAndReplyThroughIt(boolean v6) throws Exception {
        Setup s = Setup.open();
        try (NetnsLab ignored = s.lab()) {
            if (v6) {
                s.server().ip("-6", "route", "add", "fd00:5a1:0:1::/64", "dev", "veth2", "metric", "2048");
                // The client answers neighbour solicitations only for addresses of the interface asked.
                s.server().ip("-6", "neigh", "add", s.first().a().ipv6().getHostAddress(), "lladdr",
                        mac(s.client(), "veth2"), "dev", "veth2", "nud", "permanent");
            }
            InetAddress any = InetAddress.getByName(v6 ? "::" : "0.0.0.0");
            try (UdpTransport onFirst = s.server().call(() -> UdpTransport.bind(new InetSocketAddress(any, 0),
                         withPacketInfo().bindToDevice("veth1").build()));
                 UdpTransport onSecond = s.server().call(() -> UdpTransport.bind(onFirst.localAddress(),
                         withPacketInfo().bindToDevice("veth2").build()));
                 UdpTransport client = s.client().call(() -> UdpTransport.bind(
                         s.first().a().socketAddress(v6, 0), withPacketInfo().build()))) {
                int port = onFirst.localAddress().getPort();
                assertThat(onSecond.localAddress().getPort()).isEqualTo(port);
                for (int i = 0; i < REPLIES; i++) {
                    send(client, "via-second-" + i, s.second().b().socketAddress(v6, port));
                    send(client, "via-first-" + i, s.first().b().socketAddress(v6, port));
                }
                long firstBefore = packetsSent(s.server(), "veth1");
                long secondBefore = packetsSent(s.server(), "veth2");
                echo(onSecond, REPLIES, false);
                send(onFirst, marker("second-done"), s.first().a().socketAddress(v6, client.localAddress().getPort()));
                List<Arrival> replies = until(client, marker("second-done"), REPLIES);
                long secondSent = packetsSent(s.server(), "veth2") - secondBefore;
                long firstSent = packetsSent(s.server(), "veth1") - firstBefore;
                // What each device-bound socket holds: only its own interface's requests.
                send(client, marker("first-end"), s.first().b().socketAddress(v6, port));
                send(client, marker("second-end"), s.second().b().socketAddress(v6, port));
                List<Arrival> leftOnFirst = until(onFirst, marker("first-end"), REPLIES);
                List<Arrival> leftOnSecond = until(onSecond, marker("second-end"));

                int serverFirst = s.first().b().index();
                assertThat(texts(replies)).allMatch(t -> t.startsWith("via-second-")).hasSize(REPLIES);
                int clientSecond = s.second().a().index();
                assertThat(replies).allSatisfy(r -> {
                    assertThat(r.interfaceIndex()).as("reply arrived over the second link").isEqualTo(clientSecond);
                    assertThat(((InetSocketAddress) r.source()).getAddress()).isEqualTo(v6 ? s.second().b().ipv6()
                            : s.second().b().ipv4());
                });
                assertThat(secondSent).as("server veth2 sent the replies").isGreaterThanOrEqualTo(REPLIES);
                assertThat(firstSent).as("server veth1 sent the marker, not the replies").isLessThan(REPLIES);
                assertThat(texts(leftOnSecond)).as("the veth2 socket got no first-link datagram").isEmpty();
                assertThat(texts(leftOnFirst)).as("the veth1 socket got every first-link datagram and nothing else")
                        .hasSize(REPLIES).allMatch(t -> t.startsWith("via-first-"));
                assertThat(leftOnFirst).allSatisfy(a -> assertThat(a.interfaceIndex()).isEqualTo(serverFirst));
            }
        }
    }
}
