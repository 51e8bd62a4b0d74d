package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpFeaturesTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static UdpOptions.Builder nativeOptions() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE);
    }

    private static UdpTransport open() throws IOException {
        return UdpTransport.bind(LOOPBACK, nativeOptions().build());
    }

    @Test
    void connectedSocketSendsWithoutAddressesAndOnlyHearsItsPeer() throws IOException {
        try (UdpTransport a = open(); UdpTransport b = open(); UdpTransport stranger = open();
             PacketBatch out = PacketBatch.allocate(8); PacketBatch in = PacketBatch.allocate(8)) {
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            assertThat(a.remoteAddress()).isEqualTo(b.localAddress());
            for (int i = 0; i < 8; i++) {
                out.add(new byte[] {(byte) i}, null);
            }
            assertThat(a.sendBatch(out)).isEqualTo(8);
            assertThat(a.send(DatagramBuffer.allocate().writeByte(99))).isEqualTo(SendStatus.SENT);
            stranger.send(DatagramBuffer.allocate().writeByte(66), b.localAddress());
            int seen = Await.drain(b, in, 9, n -> {
                for (int i = 0; i < n; i++) {
                    assertThat(in.buffer(i).getByte(0)).isNotEqualTo((byte) 66);
                }
            });
            assertThat(seen).isEqualTo(9);
            b.disconnect();
            assertThat(b.remoteAddress()).isNull();
            stranger.send(DatagramBuffer.allocate().writeByte(67), b.localAddress());
            assertThat(Await.recvBatch(b, in)).isEqualTo(1);
            assertThat(in.buffer(0).getByte(0)).isEqualTo((byte) 67);
        }
    }

    @Test
    void refusedDatagramsOnAConnectedSocketAreCountedNotThrown() throws Exception {
        UdpTransport gone = open();
        InetSocketAddress deadPort = gone.localAddress();
        gone.close();
        try (UdpTransport a = open(); PacketBatch in = PacketBatch.allocate(4)) {
            a.connect(deadPort);
            SendStatus first = a.send(DatagramBuffer.allocate().writeInt(1));
            assertThat(first).isEqualTo(SendStatus.SENT);
            // The ICMP port-unreachable comes back as ECONNREFUSED on a later call.
            SendStatus later = SendStatus.SENT;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (later == SendStatus.SENT && System.nanoTime() < deadline) {
                Thread.sleep(5);
                later = a.send(DatagramBuffer.allocate().writeInt(2));
            }
            assertThat(later).isEqualTo(SendStatus.REFUSED);
            assertThat(a.stats().drops(DropCause.REFUSED)).isEqualTo(1);
            assertThat(a.isOpen()).isTrue();
            assertThat(a.recvBatch(in)).isZero();
        }
    }

    @Test
    void perDestinationErrorsMarkTheSlotAndTheBatchGoesOn() throws IOException {
        try (UdpTransport a = open(); UdpTransport b = open();
             PacketBatch out = PacketBatch.allocate(4); PacketBatch in = PacketBatch.allocate(4)) {
            out.add(new byte[] {1}, b.localAddress());
            out.add(new byte[0], b.localAddress());
            DatagramBuffer huge = DatagramBuffer.allocate(70_000, 0).writeBytes(new byte[66_000]);
            out.replaceBuffer(1, huge);
            out.add(new byte[] {3}, new InetSocketAddress("::1", 9)); // IPv6 target on an IPv4 socket
            out.add(new byte[] {4}, b.localAddress());
            assertThat(a.sendBatch(out)).isEqualTo(2);
            assertThat(out.remaining()).isZero();
            assertThat(out.sendStatus(0)).isEqualTo(SendStatus.SENT);
            assertThat(out.sendStatus(1)).isEqualTo(SendStatus.MESSAGE_TOO_LARGE);
            assertThat(out.sendStatus(2)).isEqualTo(SendStatus.BAD_DESTINATION);
            assertThat(a.stats().drops(DropCause.BAD_DESTINATION)).isEqualTo(1);
            assertThat(out.sendStatus(3)).isEqualTo(SendStatus.SENT);
            assertThat(a.stats().drops(DropCause.OVERSIZE)).isEqualTo(1);
            assertThat(Await.drain(b, in, 2, n -> { })).isEqualTo(2);
        }
    }

    @Test
    void aRefusedCoalescedRunCountsEveryDatagramItCarried() throws IOException {
        try (UdpTransport a = open(); UdpTransport b = open();
             PacketBatch out = PacketBatch.allocate(6); PacketBatch in = PacketBatch.allocate(4)) {
            for (int i = 0; i < 5; i++) {
                out.add(new byte[100], new InetSocketAddress("::1", 9)); // one run; IPv6 peer of an IPv4 socket
            }
            out.add(new byte[100], b.localAddress());
            assertThat(a.sendBatch(out)).isEqualTo(1);
            for (int i = 0; i < 5; i++) {
                assertThat(out.sendStatus(i)).isEqualTo(SendStatus.BAD_DESTINATION);
            }
            assertThat(out.sendStatus(5)).isEqualTo(SendStatus.SENT);
            assertThat(a.stats().totalDrops()).as("each datagram of the refused run is counted").isEqualTo(5);
            assertThat(Await.recvBatch(b, in)).isEqualTo(1);
        }
    }

    @Test
    void multiTargetSendDeliversOnePayloadToEveryDestination() throws IOException {
        UdpTransport[] receivers = new UdpTransport[5];
        SocketAddress[] targets = new SocketAddress[5];
        try (UdpTransport sender = open(); PacketBatch in = PacketBatch.allocate(4)) {
            for (int i = 0; i < 5; i++) {
                receivers[i] = open();
                targets[i] = receivers[i].localAddress();
            }
            DatagramBuffer payload = DatagramBuffer.allocate().writeBytes("to everyone".getBytes());
            assertThat(sender.multiTargetSend(payload, targets)).isEqualTo(5);
            assertThat(sender.stats().sendCalls()).isEqualTo(1);
            for (UdpTransport r : receivers) {
                assertThat(Await.recvBatch(r, in)).isEqualTo(1);
                assertThat(new String(in.buffer(0).toByteArray())).isEqualTo("to everyone");
            }
            // the batch path still works after the shared-iovec send rewired the headers
            try (PacketBatch out = PacketBatch.allocate(2)) {
                out.add(new byte[] {1}, targets[0]);
                out.add(new byte[] {2, 2}, targets[0]);
                assertThat(sender.sendBatch(out)).isEqualTo(2);
                assertThat(Await.drain(receivers[0], in, 2, n -> { })).isEqualTo(2);
            }
        } finally {
            for (UdpTransport r : receivers) {
                if (r != null) {
                    r.close();
                }
            }
        }
    }

    @Test
    void reusePortLetsSeveralSocketsShareAPortAndWithoutItBindFails() throws IOException {
        UdpOptions shared = nativeOptions().reusePort(true).build();
        try (UdpTransport first = UdpTransport.bind(LOOPBACK, shared)) {
            InetSocketAddress port = first.localAddress();
            try (UdpTransport second = UdpTransport.bind(port, shared)) {
                assertThat(second.localAddress()).isEqualTo(port);
            }
            assertThatThrownBy(() -> UdpTransport.bind(port, nativeOptions().build()))
                    .isInstanceOf(BindException.class).hasMessageContaining("EADDRINUSE");
        }
    }

    @Test
    void bufferSizesReportWhatTheKernelGranted() throws IOException {
        try (UdpTransport t = UdpTransport.bind(LOOPBACK, nativeOptions().receiveBufferSize(200_000)
                .sendBufferSize(100_000).forceBufferSizes(true).build())) {
            // Linux doubles the request for its bookkeeping; FORCE passes rmem_max when permitted.
            assertThat(t.receiveBufferSize()).isGreaterThanOrEqualTo(200_000);
            assertThat(t.sendBufferSize()).isGreaterThanOrEqualTo(100_000);
        }
    }

    @Test
    void socketOptionsAreApplied() throws IOException {
        UdpOptions o = nativeOptions().reuseAddress(true).broadcast(true).trafficClass(0x28)
                .pathMtuDiscovery(UdpOptions.PathMtuDiscovery.DONT_FRAGMENT).multicastHops(4).multicastLoop(true)
                .multicastInterface("lo").busyPollMicros(50).build();
        try (UdpTransport v4 = UdpTransport.bind(LOOPBACK, o);
             UdpTransport v6 = UdpTransport.bind(new InetSocketAddress("::1", 0), o)) {
            assertThat(v4.send(DatagramBuffer.allocate().writeInt(1), v6.localAddress()))
                    .isEqualTo(SendStatus.BAD_DESTINATION); // IPv4 socket to IPv6 peer: refused per datagram, not thrown
            assertThat(v6.send(DatagramBuffer.allocate().writeInt(1), v6.localAddress())).isEqualTo(SendStatus.SENT);
        }
    }

    @Test
    void bindToDeviceRestrictsTheSocketToAnInterface() throws IOException {
        UdpTransport bound;
        try {
            bound = UdpTransport.bind(LOOPBACK, nativeOptions().bindToDevice("lo").build());
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.assumeFalse(e.getMessage().contains("EPERM"),
                    "SO_BINDTODEVICE needs CAP_NET_RAW here: " + e.getMessage());
            throw e;
        }
        try (UdpTransport t = bound;
             UdpTransport peer = open(); PacketBatch in = PacketBatch.allocate(2)) {
            peer.send(DatagramBuffer.allocate().writeInt(5), t.localAddress());
            assertThat(Await.recvBatch(t, in)).isEqualTo(1);
        }
        assertThatThrownBy(() -> UdpTransport.bind(LOOPBACK, nativeOptions().bindToDevice("no-such-if0").build()))
                .isInstanceOf(java.net.SocketException.class).hasMessageContaining("SO_BINDTODEVICE");
    }

    @Test
    void multicastMembershipsJoinAndLeaveForAnySourceAndSourceSpecificGroups() throws IOException {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (UdpTransport v4 = UdpTransport.bind(new InetSocketAddress("0.0.0.0", 0), nativeOptions().build());
             UdpTransport v6 = UdpTransport.bind(new InetSocketAddress("::", 0), nativeOptions().build())) {
            InetAddress group4 = InetAddress.getByName("239.255.42.1");
            InetAddress group6 = InetAddress.getByName("ff15::4242");
            v4.joinGroup(group4, lo);
            v4.leaveGroup(group4, lo);
            v4.joinSourceGroup(InetAddress.getByName("232.1.2.3"), InetAddress.getByName("127.0.0.1"), lo);
            v4.leaveSourceGroup(InetAddress.getByName("232.1.2.3"), InetAddress.getByName("127.0.0.1"), lo);
            v6.joinGroup(group6, lo);
            v6.leaveGroup(group6, lo);
            v6.joinSourceGroup(InetAddress.getByName("ff35::1"), InetAddress.getByName("::1"), lo);
            v6.leaveSourceGroup(InetAddress.getByName("ff35::1"), InetAddress.getByName("::1"), lo);
            assertThatThrownBy(() -> v4.leaveGroup(group4, lo)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> v4.joinGroup(InetAddress.getByName("10.0.0.1"), lo))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void multicastDatagramsArriveOnAJoinedLoopbackGroup() throws IOException {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        InetAddress group = InetAddress.getByName("239.255.42.7");
        try (UdpTransport member = UdpTransport.bind(new InetSocketAddress("0.0.0.0", 0), nativeOptions().build());
             UdpTransport sender = UdpTransport.bind(LOOPBACK, nativeOptions().multicastInterface("lo")
                     .multicastLoop(true).build());
             PacketBatch in = PacketBatch.allocate(2)) {
            member.joinGroup(group, lo);
            SendStatus s = sender.send(DatagramBuffer.allocate().writeInt(7),
                    new InetSocketAddress(group, member.localAddress().getPort()));
            org.junit.jupiter.api.Assumptions.assumeTrue(s == SendStatus.SENT,
                    "this host routes no multicast over lo (" + s + ")");
            assertThat(Await.recvBatch(member, in)).isEqualTo(1);
            assertThat(in.buffer(0).getInt(0)).isEqualTo(7);
        }
    }

    @Test
    void closedTransportRejectsOptionCalls() throws IOException {
        UdpTransport t = open();
        t.close();
        assertThatThrownBy(t::receiveBufferSize).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThatThrownBy(() -> t.connect(LOOPBACK)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }
}
