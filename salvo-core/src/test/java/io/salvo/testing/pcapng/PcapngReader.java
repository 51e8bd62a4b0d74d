package io.salvo.testing.pcapng;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pcapng reader written from the specification (section header, interface description and
 * enhanced packet blocks, little-endian sections), independent of Salvo's writer: tests read
 * captures back with it. Fails the test on anything malformed. tshark, when installed, is a
 * second opinion ({@link #tsharkCount}).
 */
public final class PcapngReader {

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int ENHANCED_PACKET = 6;

    /** One captured packet as the file holds it: a raw IPv4 or IPv6 packet (link type 101) carrying UDP. */
    public record Packet(int linkType, byte[] data, int originalLength) {

        /** 6 or 4, from the IP header's version field. */
        public int ipVersion() {
            return (data[0] & 0xF0) >> 4;
        }

        private int udpOffset() {
            return ipVersion() == 6 ? 40 : 20;
        }

        /** The IP protocol (17 for UDP). */
        public int protocol() {
            return ipVersion() == 6 ? data[6] & 0xFF : data[9] & 0xFF;
        }

        public int sourcePort() {
            return ByteBuffer.wrap(data, udpOffset(), 2).getShort() & 0xFFFF;
        }

        public int destinationPort() {
            return ByteBuffer.wrap(data, udpOffset() + 2, 2).getShort() & 0xFFFF;
        }

        /** The captured payload (cut at the snap length). */
        public byte[] payload() {
            int from = udpOffset() + 8;
            byte[] p = new byte[data.length - from];
            System.arraycopy(data, from, p, 0, p.length);
            return p;
        }
    }

    private PcapngReader() {
    }

    /** Reads every block of a pcapng file and returns its packets in file order. */
    public static List<Packet> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Packet> packets = new ArrayList<>();
        int linkType = -1;
        assertThat(b.getInt(0)).as("section header block first").isEqualTo(SECTION_HEADER);
        assertThat(b.getInt(8)).as("byte-order magic").isEqualTo(BYTE_ORDER_MAGIC);
        while (b.hasRemaining()) {
            int start = b.position();
            int type = b.getInt();
            int length = b.getInt();
            assertThat(length % 4).as("block length is a multiple of 4").isZero();
            assertThat(b.getInt(start + length - 4)).as("trailing length matches").isEqualTo(length);
            if (type == INTERFACE_DESCRIPTION) {
                linkType = b.getShort(start + 8) & 0xFFFF;
            } else if (type == ENHANCED_PACKET) {
                assertThat(linkType).as("an interface is described before its packets").isNotNegative();
                int captured = b.getInt(start + 20);
                int original = b.getInt(start + 24);
                byte[] data = new byte[captured];
                b.get(start + 28, data);
                packets.add(new Packet(linkType, data, original));
            }
            b.position(start + length);
        }
        return packets;
    }

    /**
     * How many packets tshark reads from {@code file} as UDP, or -1 when tshark is not installed
     * (it is optional: CI machines need not have it).
     */
    public static int tsharkCount(Path file) throws IOException, InterruptedException {
        Path tshark = Path.of("/usr/bin/tshark");
        if (!Files.isExecutable(tshark)) {
            return -1;
        }
        Process p = new ProcessBuilder(tshark.toString(), "-r", file.toString(), "-T", "fields", "-e", "udp.srcport")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        assertThat(p.waitFor()).as("tshark's exit code").isZero();
        return lines.size();
    }
}
