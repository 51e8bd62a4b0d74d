package io.salvo.observe;

import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.testing.pcapng.PcapngReader;
import io.salvo.testing.pcapng.PcapngReader.Packet;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures real UDP traffic to pcapng and reads the file back with {@link PcapngReader}, written
 * from the pcapng specification, and with tshark when it is installed.
 */
class PcapngCaptureTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void sentAndReceivedDatagramsLandInTheCaptureWithTheirAddressesAndPayloads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.pcapng");
        try (PcapngWriter writer = new PcapngWriter(file, 1, 0, 65_535);
             UdpTransport rawRx = UdpTransport.bind(LOCAL); UdpTransport rawTx = UdpTransport.bind(LOCAL);
             CaptureTransport rx = new CaptureTransport(rawRx, writer);
             CaptureTransport tx = new CaptureTransport(rawTx, writer);
             PacketBatch out = PacketBatch.allocate(11, 2000, 0); PacketBatch in = PacketBatch.allocate(64)) {
            for (int i = 0; i < 10; i++) {
                out.add(new byte[] {(byte) i, 1, 2, 3}, rawRx.localAddress());
            }
            out.add(new byte[30], rawRx.localAddress());
            out.setSegmentSize(10, 10); // a GSO slot: three datagrams of 10 bytes on the wire
            assertThat(tx.sendBatch(out)).isEqualTo(13);
            assertThat(Await.drain(rx, in, 13, n -> { })).isEqualTo(13);
            writer.flush();
            List<Packet> packets = PcapngReader.read(file);
            assertThat(packets).hasSize(26).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(101));
            int txPort = rawTx.localAddress().getPort();
            int rxPort = rawRx.localAddress().getPort();
            assertThat(packets).allSatisfy(p -> {
                assertThat(p.data()[0]).as("IPv4, 20-byte header").isEqualTo((byte) 0x45);
                assertThat(p.data()[9]).as("UDP").isEqualTo((byte) 17);
                assertThat(List.of(p.sourcePort(), p.destinationPort())).containsExactlyInAnyOrder(txPort, rxPort);
            });
            assertThat(packets.getFirst().payload()).containsExactly(0, 1, 2, 3);
            assertThat(packets.stream().filter(p -> p.payload().length == 10)).as("GSO segments, each way").hasSize(6);
            assertThat(tx.captureErrors() + rx.captureErrors()).isZero();
        }
        tshark(file, 26);
    }

    @Test
    void ipv6DatagramsGetIpv6AndUdpHeaders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v6.pcapng");
        InetSocketAddress local6 = new InetSocketAddress("::1", 0);
        try (PcapngWriter writer = new PcapngWriter(file, 1, 0, 65_535);
             UdpTransport rawRx = UdpTransport.bind(local6); UdpTransport rawTx = UdpTransport.bind(local6);
             CaptureTransport rx = new CaptureTransport(rawRx, writer);
             CaptureTransport tx = new CaptureTransport(rawTx, writer);
             PacketBatch out = PacketBatch.allocate(3, 100, 0); PacketBatch in = PacketBatch.allocate(8)) {
            for (int i = 0; i < 3; i++) {
                out.add(new byte[] {(byte) i, 9, 9}, rawRx.localAddress());
            }
            assertThat(tx.sendBatch(out)).isEqualTo(3);
            assertThat(Await.drain(rx, in, 3, n -> { })).isEqualTo(3);
            writer.flush();
            List<Packet> packets = PcapngReader.read(file);
            assertThat(packets).hasSize(6).allSatisfy(p -> {
                assertThat(p.ipVersion()).isEqualTo(6);
                assertThat(p.protocol()).as("next header: UDP").isEqualTo(17);
                assertThat(p.originalLength()).isEqualTo(40 + 8 + 3);
                assertThat(List.of(p.sourcePort(), p.destinationPort()))
                        .containsExactlyInAnyOrder(rawTx.localAddress().getPort(), rawRx.localAddress().getPort());
            });
            assertThat(packets.getFirst().payload()).containsExactly(0, 9, 9);
        }
        tshark(file, 6);
    }

    @Test
    void aRingRotatesThroughItsFilesAndTheSnapLengthCutsPayloads(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("ring");
        try (PcapngWriter writer = new PcapngWriter(base, 3, 4_000, 100);
             UdpTransport rawRx = UdpTransport.bind(LOCAL); UdpTransport rawTx = UdpTransport.bind(LOCAL);
             CaptureTransport tx = new CaptureTransport(rawTx, writer);
             PacketBatch out = PacketBatch.allocate(80, 2000, 0)) {
            for (int i = 0; i < 80; i++) {
                out.add(new byte[500], rawRx.localAddress());
            }
            tx.sendBatch(out); // 80 blocks of 160 bytes; a 4,000-byte file holds 24 of them, three hold 72
            writer.flush();
            long total = 0;
            for (int i = 0; i < 3; i++) {
                Path f = writer.file(i);
                assertThat(Files.size(f)).isLessThanOrEqualTo(4_000);
                List<Packet> packets = PcapngReader.read(f);
                assertThat(packets).isNotEmpty().allSatisfy(p -> {
                    assertThat(p.payload()).hasSize(100);
                    assertThat(p.originalLength()).isEqualTo(20 + 8 + 500);
                });
                total += packets.size();
            }
            assertThat(writer.packets()).isEqualTo(80);
            assertThat(total).as("the oldest file was overwritten").isLessThan(80);
        }
    }

    /** Cross-check with tshark when it is installed (an independent reader). */
    private static void tshark(Path file, int expected) throws Exception {
        int count = PcapngReader.tsharkCount(file);
        if (count >= 0) {
            assertThat(count).as("tshark reads every packet as UDP").isEqualTo(expected);
        }
    }
}
