package io.salvo.testing.netns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The namespace harness itself: isolation, addresses, MTU, routing through a third namespace, cleanup. */
class NetnsLabTest {

    private static DatagramChannel bind(InetAddress ip) throws Exception {
        var family = ip.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        return DatagramChannel.open(family).bind(new InetSocketAddress(ip, 0));
    }

    private static InetSocketAddress receiveOne(DatagramChannel ch, ByteBuffer into) throws Exception {
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            into.clear();
            var from = (InetSocketAddress) ch.receive(into);
            if (from != null) {
                into.flip();
                return from;
            }
            Thread.sleep(1);
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void socketsMadeInANamespaceTalkOverTheVethAndStayThereWhenUsedFromTheTestThread(boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns a = lab.namespace("a");
            Netns b = lab.namespace("b");
            VethLink link = lab.link(a, b);
            InetAddress from = v6 ? link.a().ipv6() : link.a().ipv4();
            InetAddress to = v6 ? link.b().ipv6() : link.b().ipv4();
            try (DatagramChannel tx = a.call(() -> bind(from)); DatagramChannel rx = b.call(() -> bind(to))) {
                tx.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), rx.getLocalAddress());
                ByteBuffer in = ByteBuffer.allocate(100);
                assertThat(receiveOne(rx, in)).isEqualTo(tx.getLocalAddress());
                assertThat(in.remaining()).isEqualTo(3);
            }
            assertThat(a.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()))
                    .isEqualTo("net:[" + a.inode() + "]");
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())
                    .as("the test thread stays where it was").isNotEqualTo("net:[" + a.inode() + "]");
            assertThatThrownBy(() -> b.call(() -> bind(from))).as("a's address does not exist in b")
                    .hasMessageContaining("Cannot assign requested address");
        }
    }

    @Test
    void endsCarryExtraAddressesAndTheirOwnMtu() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns a = lab.namespace("a");
            Netns b = lab.namespace("b");
            VethLink link = lab.link(a, b).mtu(1280);
            InetAddress extra = link.b().addIpv4();
            assertThat(List.<InetAddress>copyOf(link.b().ipv4Addresses())).containsExactly(InetAddress.getByName("10.213.1.2"), extra);
            assertThat(extra).isEqualTo(InetAddress.getByName("10.213.1.10"));
            assertThat(b.ip("-o", "link", "show", "dev", link.b().device())).contains("mtu 1280");
            assertThat(a.ip("-o", "link", "show", "dev", link.a().device())).contains("mtu 1280");
            try (DatagramChannel tx = a.call(() -> bind(link.a().ipv4())); DatagramChannel rx = b.call(() -> bind(extra))) {
                tx.send(ByteBuffer.wrap(new byte[3000]), rx.getLocalAddress()); // fragmented at 1280, reassembled
                ByteBuffer in = ByteBuffer.allocate(4000);
                assertThat(receiveOne(rx, in)).isNotNull();
                assertThat(in.remaining()).isEqualTo(3000);
            }
            if (lab.ipv6Available()) {
                InetAddress extra6 = link.a().addIpv6();
                assertThat(extra6).isEqualTo(InetAddress.getByName("fd00:5a1:0:1::b"));
                try (DatagramChannel tx = a.call(() -> bind(extra6))) {
                    assertThat(tx.getLocalAddress()).isNotNull(); // usable at once: no DAD
                }
            }
        }
    }

    @Test
    void aThirdNamespaceRoutesBetweenTwoLinks() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns a = lab.namespace("a");
            Netns r = lab.namespace("router").enableForwarding();
            Netns b = lab.namespace("b");
            VethLink left = lab.link(a, r);
            VethLink right = lab.link(r, b).mtu(1280);
            a.route("10.213.2.0/24", left.b().ipv4());
            b.route("10.213.1.0/24", right.a().ipv4());
            try (DatagramChannel tx = a.call(() -> bind(left.a().ipv4()));
                 DatagramChannel rx = b.call(() -> bind(right.b().ipv4()))) {
                tx.send(ByteBuffer.wrap(new byte[] {7}), rx.getLocalAddress());
                ByteBuffer in = ByteBuffer.allocate(10);
                assertThat(receiveOne(rx, in)).isEqualTo(tx.getLocalAddress());
            }
        }
    }

    @Test
    void closeDeletesTheNamespacesAndOpenDeletesWhatADeadRunLeft() throws Exception {
        List<Path> made;
        try (NetnsLab lab = NetnsLab.open()) {
            lab.link(lab.namespace("a"), lab.namespace("b"));
            made = lab.namespaces().stream().map(Netns::path).toList();
            assertThat(made).allSatisfy(p -> assertThat(p).exists());
        }
        assertThat(made).allSatisfy(p -> assertThat(p).doesNotExist());

        String orphan = "salvo-2147483000-1-orphan"; // no such process
        try (NetnsLab lab = NetnsLab.open()) {
            lab.namespace("probe"); // makes sure namespaces can be created here, or skips
            Ip.run(lab.ipPath(), List.of("netns", "add", orphan));
        }
        assertThat(NetnsLab.NETNS_DIR.resolve(orphan)).exists();
        try (NetnsLab lab = NetnsLab.open()) {
            assertThat(NetnsLab.NETNS_DIR.resolve(orphan)).as("too young to be taken for a leftover").exists();
            NetnsLab.deleteLeftovers(lab.ipPath(), Duration.ZERO);
            assertThat(NetnsLab.NETNS_DIR.resolve(orphan)).doesNotExist();
        }
    }
}
