package io.salvo.transport.udp;

import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethEnd;
import io.salvo.testing.netns.VethLink;
import io.salvo.transport.udp.TaggedArrivals.Arrival;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;

import static io.salvo.transport.udp.TaggedArrivals.at;
import static io.salvo.transport.udp.TaggedArrivals.marker;
import static io.salvo.transport.udp.TaggedArrivals.send;
import static io.salvo.transport.udp.TaggedArrivals.texts;
import static io.salvo.transport.udp.TaggedArrivals.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multicast between namespaces, IPv4 and IPv6: a receiver with two links joins a group on one of
 * them. Any-source: what is sent to the group over that link arrives (on that interface, to the
 * group's address), what is sent over the other link does not, and after leaving nothing does.
 * Source-specific: only the joined source's datagrams arrive, another address on the same link is
 * filtered out, and after leaving nothing arrives. "Does not arrive" is shown by a unicast marker
 * sent after it down the same path (see {@link TaggedArrivals}), not by waiting.
 */
class MulticastNetnsTest {

    private static InetAddress group(boolean v6, boolean sourceSpecific) throws Exception {
        return InetAddress.getByName(v6 ? (sourceSpecific ? "ff35::5a1:2" : "ff15::5a1:1")
                : (sourceSpecific ? "232.1.2.3" : "239.5.1.1"));
    }

    /** The interface as the namespace sees it (looked up from inside it). */
    private static NetworkInterface networkInterface(VethEnd end) throws Exception {
        return end.namespace().call(() -> NetworkInterface.getByName(end.device()));
    }

    /** A sender bound to {@code from}, sending multicast out of {@code end}'s interface. */
    private static UdpTransport sender(VethEnd end, InetAddress from) throws Exception {
        UdpOptions o = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE)
                .multicastInterface(end.device()).multicastHops(1).build();
        return end.namespace().call(() -> UdpTransport.bind(new InetSocketAddress(from, 0), o));
    }

    private static UdpTransport receiver(Netns ns, boolean v6) throws Exception {
        UdpOptions o = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).packetInfo(true).build();
        return ns.call(() -> UdpTransport.bind(new InetSocketAddress(InetAddress.getByName(v6 ? "::" : "0.0.0.0"), 0), o));
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void anySourceJoinOnOneInterfaceDeliversThatLinksDatagramsOnlyAndLeavingStopsThem(boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns near = lab.namespace("near");
            Netns far = lab.namespace("far");
            Netns rxns = lab.namespace("rx");
            VethLink joined = lab.link(near, rxns);
            VethLink other = lab.link(far, rxns);
            InetAddress group = group(v6, false);
            NetworkInterface joinedInterface = networkInterface(joined.b());
            try (UdpTransport rx = receiver(rxns, v6);
                 UdpTransport viaJoined = sender(joined.a(), v6 ? joined.a().ipv6() : joined.a().ipv4());
                 UdpTransport viaOther = sender(other.a(), v6 ? other.a().ipv6() : other.a().ipv4())) {
                int port = rx.localAddress().getPort();
                rx.joinGroup(group, joinedInterface);

                for (int i = 0; i < 5; i++) {
                    send(viaJoined, "joined-" + i, at(group, port));
                    send(viaOther, "other-" + i, at(group, port));
                }
                send(viaJoined, marker("joined"), joined.b().socketAddress(v6, port));
                List<Arrival> overJoined = until(rx, marker("joined"), 5);
                send(viaOther, marker("other"), other.b().socketAddress(v6, port));
                List<Arrival> overOther = until(rx, marker("other"));

                assertThat(texts(overJoined)).containsExactly("joined-0", "joined-1", "joined-2", "joined-3", "joined-4");
                assertThat(overJoined).allSatisfy(a -> {
                    assertThat(a.interfaceIndex()).as("arrived on the joined interface").isEqualTo(joinedInterface.getIndex());
                    assertThat(a.localAddress()).as("sent to the group").isEqualTo(group);
                });
                assertThat(texts(overOther)).as("the group was not joined on the other link").isEmpty();

                rx.leaveGroup(group, joinedInterface);
                send(viaJoined, "after-leave", at(group, port));
                send(viaJoined, marker("left"), joined.b().socketAddress(v6, port));
                assertThat(texts(until(rx, marker("left")))).as("nothing after leaving").isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void sourceSpecificJoinDeliversOnlyThatSourcesDatagramsAndLeavingStopsThem(boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns tx = lab.namespace("tx");
            Netns rxns = lab.namespace("rx");
            VethLink link = lab.link(tx, rxns);
            InetAddress group = group(v6, true);
            InetAddress source = v6 ? link.a().ipv6() : link.a().ipv4();
            InetAddress otherSource = v6 ? link.a().addIpv6() : link.a().addIpv4();
            NetworkInterface rxInterface = networkInterface(link.b());
            try (UdpTransport rx = receiver(rxns, v6);
                 UdpTransport fromSource = sender(link.a(), source);
                 UdpTransport fromOther = sender(link.a(), otherSource)) {
                int port = rx.localAddress().getPort();
                rx.joinSourceGroup(group, source, rxInterface);

                for (int i = 0; i < 5; i++) {
                    send(fromSource, "source-" + i, at(group, port));
                    send(fromOther, "other-" + i, at(group, port));
                }
                // Both senders share the link: one marker after both covers both.
                send(fromOther, marker("both"), link.b().socketAddress(v6, port));
                List<Arrival> got = until(rx, marker("both"), 5);
                assertThat(texts(got)).containsExactly("source-0", "source-1", "source-2", "source-3", "source-4");
                assertThat(got).allSatisfy(a -> {
                    assertThat(((InetSocketAddress) a.source()).getAddress()).isEqualTo(source);
                    assertThat(a.localAddress()).isEqualTo(group);
                    assertThat(a.interfaceIndex()).isEqualTo(rxInterface.getIndex());
                });

                rx.leaveSourceGroup(group, source, rxInterface);
                send(fromSource, "after-leave", at(group, port));
                send(fromSource, marker("left"), link.b().socketAddress(v6, port));
                assertThat(texts(until(rx, marker("left")))).as("nothing after leaving").isEmpty();
            }
        }
    }
}
