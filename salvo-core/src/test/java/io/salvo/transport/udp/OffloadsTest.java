package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GSO, GRO, packet info, ECN, timestamps and the kernel's overflow counter, end to end over loopback sockets. */
class OffloadsTest {

    private static UdpOptions.Builder nativeOptions() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE);
    }

    private static UdpTransport open(String host, UdpOptions.Builder options) throws IOException {
        return UdpTransport.bind(new InetSocketAddress(InetAddress.getByName(host), 0), options.build());
    }

    private static byte[] pattern(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 7 + i * 13);
        }
        return b;
    }

    /** Receives until {@code expected} datagrams arrived, copying each payload out. */
    private static List<byte[]> receiveAll(UdpTransport t, PacketBatch in, int expected, List<Integer> segmentSizes)
            throws IOException {
        List<byte[]> got = new ArrayList<>();
        Await.drain(t, in, expected, n -> {
            for (int i = 0; i < n; i++) {
                got.add(in.buffer(i).toByteArray());
                if (segmentSizes != null) {
                    segmentSizes.add(in.segmentSize(i));
                }
            }
        });
        return got;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void gsoSlotWithAShorterLastSegmentArrivesAsSeparateDatagrams(String host) throws IOException {
        try (UdpTransport rx = open(host, nativeOptions()); UdpTransport tx = open(host, nativeOptions());
             PacketBatch out = PacketBatch.allocate(1, 4000, 0); PacketBatch in = PacketBatch.allocate(8)) {
            assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
            byte[] payload = pattern(1, 3500);
            out.add(payload, rx.localAddress());
            out.setSegmentSize(0, 1000);
            assertThat(tx.sendBatch(out)).as("datagrams counted per segment").isEqualTo(4);
            List<byte[]> got = receiveAll(rx, in, 4, null);
            assertThat(got).extracting(b -> b.length).containsExactly(1000, 1000, 1000, 500);
            byte[] joined = new byte[3500];
            int off = 0;
            for (byte[] b : got) {
                System.arraycopy(b, 0, joined, off, b.length);
                off += b.length;
            }
            assertThat(joined).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void runsOfEqualSlotsAreCoalescedIntoGsoMessagesUnlessTurnedOff(boolean coalescing) throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions().gro(true));
             UdpTransport other = open("127.0.0.1", nativeOptions());
             UdpTransport tx = open("127.0.0.1", nativeOptions().gsoCoalescing(coalescing));
             PacketBatch out = PacketBatch.allocate(70, 1472, 0); PacketBatch in = PacketBatch.allocate(128)) {
            assumeTrue(tx.capabilities().gso() && rx.capabilities().gro(), "kernel without UDP GSO/GRO");
            for (int i = 0; i < 63; i++) {
                out.add(pattern(i, 1200), rx.localAddress());
            }
            out.add(pattern(63, 700), rx.localAddress()); // a shorter last segment closes the run
            out.add(pattern(64, 1200), other.localAddress()); // another peer starts another message
            for (int i = 65; i < 70; i++) {
                out.add(pattern(i, 300), rx.localAddress());
            }
            assertThat(tx.sendBatch(out)).isEqualTo(70);
            for (int i = 0; i < 70; i++) {
                assertThat(out.sendStatus(i)).isEqualTo(SendStatus.SENT);
            }
            assertThat(tx.stats().datagramsSent()).isEqualTo(70);
            List<Integer> segments = new ArrayList<>();
            List<byte[]> got = receiveAll(rx, in, 69, segments);
            assertThat(got).hasSize(69);
            for (int i = 0; i < 64; i++) {
                assertThat(got.get(i)).isEqualTo(pattern(i, i == 63 ? 700 : 1200));
            }
            for (int i = 64; i < 69; i++) {
                assertThat(got.get(i)).isEqualTo(pattern(i + 1, 300));
            }
            // Coalesced runs reach a GRO socket as super-buffers, which report their segment size.
            if (coalescing) {
                assertThat(segments.subList(0, 64)).containsOnly(1200);
                assertThat(segments.subList(64, 69)).containsOnly(300);
            } else {
                assertThat(segments).containsOnly(0);
            }
            DatagramBuffer single = DatagramBuffer.allocate();
            assertThat(Await.recvBatch(other, in)).isEqualTo(1);
            assertThat(in.buffer(0).toByteArray()).isEqualTo(pattern(64, 1200));
            assertThat(single.length()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void groSuperBuffersArePresentedAsTheirDatagramsAcrossSmallBatches(String host) throws IOException {
        try (UdpTransport rx = open(host, nativeOptions().gro(true)); UdpTransport tx = open(host, nativeOptions());
             PacketBatch out = PacketBatch.allocate(1, 64 * 1000, 0); PacketBatch in = PacketBatch.allocate(10)) {
            assumeTrue(tx.capabilities().gso() && rx.capabilities().gro(), "kernel without UDP GSO/GRO");
            byte[] payload = pattern(5, 40 * 1000 + 123);
            out.add(payload, rx.localAddress());
            out.setSegmentSize(0, 1000);
            assertThat(tx.sendBatch(out)).isEqualTo(41);
            int first = Await.recvBatch(rx, in);
            assertThat(first).isEqualTo(10);
            long callsAfterFirst = rx.stats().receiveCalls();
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < first; i++) {
                got.add(in.buffer(i).toByteArray());
                assertThat(in.segmentSize(i)).isEqualTo(1000);
                assertThat(in.peerAddress(i)).isEqualTo(tx.localAddress());
            }
            while (got.size() < 41) {
                int n = rx.recvBatch(in);
                assertThat(n).isPositive();
                for (int i = 0; i < n; i++) {
                    got.add(in.buffer(i).toByteArray());
                }
            }
            assertThat(rx.stats().receiveCalls()).as("the rest came from the pending super-buffer").isEqualTo(callsAfterFirst);
            byte[] joined = new byte[payload.length];
            int off = 0;
            for (byte[] b : got) {
                System.arraycopy(b, 0, joined, off, b.length);
                off += b.length;
            }
            assertThat(off).isEqualTo(payload.length);
            assertThat(joined).isEqualTo(payload);
            assertThat(got.getLast()).hasSize(123);
            assertThat(rx.stats().datagramsReceived()).isEqualTo(41);
            in.clear();
            assertThat(in.buffer(0).capacity()).as("clear gives the batch its own buffers back").isEqualTo(1472);
        }
    }

    /** Sends {@code count} datagrams of 1000 bytes from {@code tx} to {@code rx} as one GSO message. */
    private static void sendGso(UdpTransport tx, UdpTransport rx, int seed, int count) throws IOException {
        try (PacketBatch out = PacketBatch.allocate(1, count * 1000, 0)) {
            out.add(pattern(seed, count * 1000), rx.localAddress());
            out.setSegmentSize(0, 1000);
            assertThat(tx.sendBatch(out)).isEqualTo(count);
        }
    }

    @Test
    void heldGroDatagramsSurviveClearAndAreCountedWhenTheirBatchCloses() throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions().gro(true)); UdpTransport tx = open("127.0.0.1", nativeOptions());
             PacketBatch other = PacketBatch.allocate(8)) {
            assumeTrue(tx.capabilities().gso() && rx.capabilities().gro(), "kernel without UDP GSO/GRO");
            sendGso(tx, rx, 1, 40);
            PacketBatch in = PacketBatch.allocate(16);
            assertThat(Await.recvBatch(rx, in)).isEqualTo(16);
            assertThat(rx.holdsReceivedDatagrams()).isTrue();
            in.clear();
            assertThat(rx.holdsReceivedDatagrams()).as("clear keeps what the batch holds").isTrue();
            assertThat(rx.recvBatch(in)).isEqualTo(16);
            assertThat(in.segmentSize(0)).isEqualTo(1000);
            in.close();
            assertThat(rx.holdsReceivedDatagrams()).as("lost with the batch").isFalse();
            assertThat(rx.stats().drops(DropCause.UNDELIVERED)).isEqualTo(8);
            assertThat(rx.recvBatch(other)).as("nothing left in the kernel either").isZero();
            assertThat(rx.stats().datagramsReceived()).isEqualTo(32);
        }
    }

    @Test
    void aBatchReusedForAnotherGroTransportCountsTheFirstOnesHeldDatagrams() throws IOException {
        try (UdpTransport first = open("127.0.0.1", nativeOptions().gro(true));
             UdpTransport second = open("127.0.0.1", nativeOptions().gro(true));
             UdpTransport tx = open("127.0.0.1", nativeOptions()); PacketBatch in = PacketBatch.allocate(10)) {
            assumeTrue(tx.capabilities().gso() && first.capabilities().gro(), "kernel without UDP GSO/GRO");
            sendGso(tx, first, 1, 30);
            sendGso(tx, second, 2, 30);
            assertThat(Await.recvBatch(first, in)).isEqualTo(10);
            assertThat(first.holdsReceivedDatagrams()).isTrue();
            assertThat(Await.recvBatch(second, in)).as("the second's own datagrams, never the first's").isEqualTo(10);
            assertThat(in.buffer(0).toByteArray()).isEqualTo(java.util.Arrays.copyOf(pattern(2, 30_000), 1000));
            assertThat(first.holdsReceivedDatagrams()).isFalse();
            assertThat(first.stats().drops(DropCause.UNDELIVERED)).isEqualTo(20);
            assertThat(second.holdsReceivedDatagrams()).isTrue();
            assertThat(second.stats().totalDrops()).isZero();
        }
    }

    @Test
    void singleRecvOnAGroSocketReturnsOneDatagramAtATime() throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions().gro(true)); UdpTransport tx = open("127.0.0.1", nativeOptions());
             PacketBatch out = PacketBatch.allocate(1, 4000, 0)) {
            assumeTrue(tx.capabilities().gso() && rx.capabilities().gro(), "kernel without UDP GSO/GRO");
            out.add(pattern(9, 2500), rx.localAddress());
            out.setSegmentSize(0, 1000);
            tx.sendBatch(out);
            DatagramBuffer in = DatagramBuffer.allocate(1472, 4);
            int[] lengths = new int[3];
            for (int i = 0; i < 3; i++) {
                InetSocketAddress from = null;
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (from == null && System.nanoTime() < deadline) {
                    from = (InetSocketAddress) rx.recv(in);
                }
                assertThat(from).isEqualTo(tx.localAddress());
                lengths[i] = in.length();
            }
            assertThat(lengths).containsExactly(1000, 1000, 500);
            assertThat(rx.recv(in)).isNull();
        }
    }

    @Test
    void refusedGsoMessagesAreResentAsPlainDatagramsAndCounted() throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions()); UdpTransport tx = open("127.0.0.1", nativeOptions());
             PacketBatch out = PacketBatch.allocate(2, 2000, 0); PacketBatch in = PacketBatch.allocate(256)) {
            assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
            // 250 segments of 4 bytes: over the kernel's segment limit (64, or 128 since Linux 6.10): EINVAL.
            out.add(pattern(3, 1000), rx.localAddress());
            out.setSegmentSize(0, 4);
            out.add(pattern(4, 20), rx.localAddress());
            assertThat(tx.sendBatch(out)).isEqualTo(251);
            assertThat(out.sendStatus(0)).isEqualTo(SendStatus.SENT);
            assertThat(out.sendStatus(1)).isEqualTo(SendStatus.SENT);
            assertThat(tx.stats().events(TransportEvent.GSO_FALLBACK)).isEqualTo(250);
            assertThat(tx.stats().totalDrops()).as("a fallback resends, it does not lose").isZero();
            List<byte[]> got = receiveAll(rx, in, 251, null);
            assertThat(got).hasSize(251);
            assertThat(got.subList(0, 250)).allSatisfy(b -> assertThat(b).hasSize(4));
            assertThat(got.get(3)).isEqualTo(java.util.Arrays.copyOfRange(pattern(3, 1000), 12, 16));
            assertThat(got.get(250)).isEqualTo(pattern(4, 20));
        }
    }

    @Test
    void packetInfoLetsAWildcardServerReplyFromTheAddressItWasAsked() throws IOException {
        try (UdpTransport server = UdpTransport.bind(new InetSocketAddress("0.0.0.0", 0), nativeOptions().packetInfo(true).build());
             UdpTransport client = open("127.0.0.1", nativeOptions());
             PacketBatch in = PacketBatch.allocate(4); PacketBatch reply = PacketBatch.allocate(4); PacketBatch back = PacketBatch.allocate(4)) {
            assertThat(server.capabilities().packetInfo()).isTrue();
            InetAddress asked = InetAddress.getByName("127.0.0.5"); // every 127/8 address is local
            client.send(DatagramBuffer.allocate().writeInt(1), new InetSocketAddress(asked, server.localAddress().getPort()));
            assertThat(Await.recvBatch(server, in)).isEqualTo(1);
            assertThat(in.localAddress(0)).isEqualTo(asked);
            assertThat(in.interfaceIndex(0)).isEqualTo(NetworkInterface.getByName("lo").getIndex());

            reply.add(new byte[] {9}, null);
            reply.copyPeerAddress(in, 0, 0).replyFrom(in, 0, 0);
            assertThat(server.sendBatch(reply)).isEqualTo(1);
            assertThat(Await.recvBatch(client, back)).isEqualTo(1);
            assertThat(back.peerAddress(0)).isEqualTo(new InetSocketAddress(asked, server.localAddress().getPort()));

            reply.clear();
            reply.add(new byte[] {8}, client.localAddress()); // no source set: the kernel picks 127.0.0.1
            server.sendBatch(reply);
            assertThat(Await.recvBatch(client, back)).isEqualTo(1);
            assertThat(((InetSocketAddress) back.peerAddress(0)).getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        }
    }

    @Test
    void packetInfoOnIpv6ReportsTheLocalAddressAndRepliesFromIt() throws IOException {
        try (UdpTransport server = UdpTransport.bind(new InetSocketAddress("::", 0), nativeOptions().packetInfo(true).build());
             UdpTransport client = open("::1", nativeOptions());
             PacketBatch in = PacketBatch.allocate(4); PacketBatch reply = PacketBatch.allocate(4)) {
            client.send(DatagramBuffer.allocate().writeInt(1), new InetSocketAddress("::1", server.localAddress().getPort()));
            assertThat(Await.recvBatch(server, in)).isEqualTo(1);
            assertThat(in.localAddress(0)).isEqualTo(InetAddress.getByName("::1"));
            assertThat(in.interfaceIndex(0)).isPositive();
            reply.add(new byte[] {9}, null);
            reply.copyPeerAddress(in, 0, 0).replyFrom(in, 0, 0);
            assertThat(server.sendBatch(reply)).isEqualTo(1);
            assertThat(Await.recvBatch(client, in)).isEqualTo(1);
            assertThat(in.peerAddress(0)).isEqualTo(new InetSocketAddress("::1", server.localAddress().getPort()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void ecnBitsAreSetPerDatagramAndReportedOnReceive(String host) throws IOException {
        try (UdpTransport rx = open(host, nativeOptions().ecn(true)); UdpTransport tx = open(host, nativeOptions());
             PacketBatch out = PacketBatch.allocate(4); PacketBatch in = PacketBatch.allocate(4)) {
            assertThat(rx.capabilities().ecn()).isTrue();
            for (int ecn = 0; ecn < 4; ecn++) {
                out.add(new byte[] {(byte) ecn}, rx.localAddress());
                out.setEcn(ecn, ecn);
            }
            assertThat(tx.sendBatch(out)).isEqualTo(4);
            List<Integer> seen = new ArrayList<>();
            Await.drain(rx, in, 4, n -> {
                for (int i = 0; i < n; i++) {
                    assertThat(in.ecn(i)).isEqualTo(in.buffer(i).getByte(0));
                    seen.add(in.ecn(i));
                }
            });
            assertThat(seen).containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    void kernelReceiveTimestampsArePerDatagram() throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions().receiveTimestamps(true));
             UdpTransport tx = open("127.0.0.1", nativeOptions()); PacketBatch in = PacketBatch.allocate(4)) {
            long before = System.currentTimeMillis() * 1_000_000L;
            tx.send(DatagramBuffer.allocate().writeInt(1), rx.localAddress());
            assertThat(Await.recvBatch(rx, in)).isEqualTo(1);
            long after = System.currentTimeMillis() * 1_000_000L;
            assertThat(in.timestampNanos(0)).isBetween(before - 1_000_000_000L, after + 1_000_000_000L);
        }
    }

    @Test
    void kernelReceiveQueueDropsAreCountedFromSoRxqOvfl() throws IOException {
        try (UdpTransport rx = open("127.0.0.1", nativeOptions().receiveBufferSize(4096));
             UdpTransport tx = open("127.0.0.1", nativeOptions().gsoCoalescing(false));
             PacketBatch out = PacketBatch.allocate(64, 1472, 0); PacketBatch in = PacketBatch.allocate(64)) {
            assertThat(rx.capabilities().receiveQueueOverflowCount()).isTrue();
            for (int i = 0; i < 64; i++) {
                out.add(new byte[1000], rx.localAddress());
            }
            int sent = 0;
            for (int round = 0; round < 10; round++) {
                out.setCount(64);
                sent += tx.sendBatch(out);
            }
            long received = 0;
            int n;
            while ((n = rx.recvBatch(in)) > 0) {
                received += n;
            }
            tx.send(DatagramBuffer.allocate().writeInt(1), rx.localAddress()); // carries the latest counter
            received += Await.recvBatch(rx, in);
            long dropped = rx.stats().drops(DropCause.KERNEL_RECEIVE_OVERFLOW);
            assertThat(dropped).isPositive();
            assertThat(received + dropped).as("every datagram received or counted").isEqualTo(sent + 1);
        }
    }
}
