package io.salvo.transport.udp;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethEnd;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server bound to a wildcard replies with {@code copyPeerAddress} + {@code replyFrom} and an ECN
 * codepoint per slot (issue 18.2). Seen from the client, in another namespace, every reply must come
 * from the address its request was sent to and carry the codepoint asked for, whichever of the
 * server's addresses was asked, over IPv4 as over IPv6, on a dual-stack socket as on an IPv4 one.
 */
class DualStackRepliesTest {

    private static final int REQUESTS_PER_ADDRESS = 8;

    private static UdpOptions.Builder withMetadata() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).packetInfo(true).ecn(true);
    }

    /** ECT(0) for even requests, ECT(1) for odd ones. */
    private static int askedEcn(int seq) {
        return seq % 2 == 0 ? 2 : 1;
    }

    @Test
    void aDualStackServerRepliesToIpv4ClientsFromTheAddressAskedWithTheAskedEcn() throws Exception {
        exchange("::", false);
    }

    @Test
    void aDualStackServerRepliesToIpv6ClientsFromTheAddressAskedWithTheAskedEcn() throws Exception {
        exchange("::", true);
    }

    @Test
    void anIpv4WildcardServerRepliesFromTheAddressAskedWithTheAskedEcn() throws Exception {
        exchange("0.0.0.0", false);
    }

    /**
     * The server namespace has two addresses of the client's family on its link end; the client
     * sends {@link #REQUESTS_PER_ADDRESS} requests to each, the server echoes each one back from
     * where it arrived with the asked ECN, and the client checks source and ECN of every reply.
     */
    private static void exchange(String serverBind, boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            assumeTrue(!v6 || lab.ipv6Available(), "no IPv6 in this kernel");
            Netns clientNs = lab.namespace("client");
            Netns serverNs = lab.namespace("server");
            VethEnd serverEnd = lab.link(clientNs, serverNs).b();
            List<InetAddress> asked = new ArrayList<>();
            if (v6) {
                asked.add(serverEnd.ipv6());
                asked.add(serverEnd.addIpv6());
            } else {
                asked.add(serverEnd.ipv4());
                asked.add(serverEnd.addIpv4());
            }
            int total = asked.size() * REQUESTS_PER_ADDRESS;
            try (UdpTransport server = serverNs.call(() -> UdpTransport.bind(new InetSocketAddress(serverBind, 0),
                         withMetadata().build()));
                 UdpTransport client = clientNs.call(() -> UdpTransport.bind(new InetSocketAddress(v6 ? "::" : "0.0.0.0", 0),
                         withMetadata().ipv6Only(v6).build()));
                 PacketBatch requests = PacketBatch.allocate(total);
                 PacketBatch in = PacketBatch.allocate(total);
                 PacketBatch replies = PacketBatch.allocate(total)) {
                assertThat(server.capabilities().packetInfo() && server.capabilities().ecn()).isTrue();
                int port = server.localAddress().getPort();
                for (int seq = 0; seq < total; seq++) {
                    InetSocketAddress to = new InetSocketAddress(asked.get(seq / REQUESTS_PER_ADDRESS), port);
                    requests.add(new byte[] {0, 0, 0, (byte) seq}, to);
                }
                assertThat(client.sendBatch(requests)).isEqualTo(total);

                // Server: echo every request from the address it came to, with the asked ECN.
                List<String> serverSaw = new ArrayList<>();
                int answered = 0;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (answered < total && System.nanoTime() < deadline) {
                    int n = server.recvBatch(in);
                    replies.clear();
                    for (int i = 0; i < n; i++) {
                        int seq = in.buffer(i).getInt(0);
                        serverSaw.add(seq + "@" + in.localAddress(i).getHostAddress());
                        int slot = replies.add(new byte[] {0, 0, 0, (byte) seq}, null);
                        replies.copyPeerAddress(in, i, slot).replyFrom(in, i, slot).setEcn(slot, askedEcn(seq));
                    }
                    if (n > 0) {
                        assertThat(server.sendBatch(replies)).as(server.stats().toString()).isEqualTo(n);
                        answered += n;
                    } else {
                        server.awaitReadable(100_000_000L);
                    }
                }
                List<String> expectedAtServer = new ArrayList<>();
                for (int seq = 0; seq < total; seq++) {
                    expectedAtServer.add(seq + "@" + asked.get(seq / REQUESTS_PER_ADDRESS).getHostAddress());
                }
                assertThat(serverSaw).as("where requests arrived, as packet info told the server")
                        .containsExactlyInAnyOrderElementsOf(expectedAtServer);

                // Client: each reply's source and ECN, as the client sees them.
                List<String> seen = new ArrayList<>();
                Await.drain(client, in, total, n -> {
                    for (int i = 0; i < n; i++) {
                        int seq = in.buffer(i).getInt(0);
                        InetSocketAddress from = (InetSocketAddress) in.peerAddress(i);
                        seen.add(describe(seq, from.getAddress(), from.getPort(), in.ecn(i)));
                    }
                });
                List<String> expected = new ArrayList<>();
                for (int seq = 0; seq < total; seq++) {
                    expected.add(describe(seq, asked.get(seq / REQUESTS_PER_ADDRESS), port, askedEcn(seq)));
                }
                assertThat(seen).as("replies as the client saw them (server " + serverBind + ", " + server.stats() + ")")
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    private static String describe(int seq, InetAddress from, int port, int ecn) {
        return "reply " + seq + " from " + new InetSocketAddress(from, port) + " ecn " + ecn;
    }
}
