package io.salvo.observe;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes datagrams as a pcapng capture that Wireshark and tshark read: one section, one interface
 * of link type {@code LINKTYPE_RAW} (raw IPv4/IPv6 packets), and per datagram an Enhanced Packet
 * Block holding an IPv4 or IPv6 header and a UDP header made up from the two socket addresses, then
 * the payload cut at the snap length. Non-IP endpoints (Unix sockets, the loopback network's
 * addresses) appear as 0.0.0.0 / port 0. Timestamps are wall-clock microseconds.
 *
 * <p>Rotation: when a file would pass {@code maxFileBytes}, the writer moves on to the next of
 * {@code files} files ({@code name.0.pcapng}, {@code name.1.pcapng}, ...), overwriting the oldest:
 * a ring of bounded size. One file without a bound when {@code files} is 1 and the bound is 0.
 *
 * <p>Thread-safe (one lock); writes go through a 256 KiB staging buffer, flushed when full, on
 * {@link #flush()} and on {@link #close()}. Cost is per datagram captured, so capture only where you
 * want it.
 */
public final class PcapngWriter implements AutoCloseable {

    private static final int LINKTYPE_RAW = 101;
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    private static final int EPB_OVERHEAD = 32; // block header, interface, timestamps, lengths, trailing length

    private final Path base;
    private final int files;
    private final long maxFileBytes;
    private final int snapLength;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] copy;
    private FileChannel channel;
    private int fileIndex = -1;
    private long fileBytes;
    private long packets;

    /**
     * @param base         the file ({@code files == 1}) or the stem of the ring's files
     * @param files        files in the ring (1 for a single file)
     * @param maxFileBytes bytes per file before rotating (0: no bound, only with one file)
     * @param snapLength   payload bytes kept per datagram (the rest is counted in the original length)
     */
    public PcapngWriter(Path base, int files, long maxFileBytes, int snapLength) throws IOException {
        if (files < 1 || maxFileBytes < 0 || (files > 1 && maxFileBytes == 0) || snapLength < 0) {
            throw new IllegalArgumentException("files >= 1, maxFileBytes >= 0 (> 0 for a ring), snapLength >= 0 please");
        }
        this.base = base;
        this.files = files;
        this.maxFileBytes = maxFileBytes;
        this.snapLength = snapLength;
        this.copy = new byte[Math.min(snapLength, 65_535)];
        nextFile();
    }

    /** The file of ring position {@code i} ({@code base} itself for a single file). */
    public Path file(int i) {
        return files == 1 ? base : base.resolveSibling(base.getFileName() + "." + i + ".pcapng");
    }

    /** Datagrams written so far. */
    public synchronized long packets() {
        return packets;
    }

    /**
     * Writes one datagram from {@code source} to {@code destination} whose payload is
     * {@code length} bytes at {@code offset} of {@code payload}.
     */
    public synchronized void write(SocketAddress source, SocketAddress destination, MemorySegment payload, long offset,
                                   int length) throws IOException {
        boolean v6 = isV6(source) || isV6(destination);
        int ipHeader = v6 ? IPV6_HEADER : IPV4_HEADER;
        int kept = Math.min(length, copy.length);
        int packetLength = ipHeader + UDP_HEADER + length;
        int captured = ipHeader + UDP_HEADER + kept;
        int padded = (captured + 3) & ~3;
        int block = EPB_OVERHEAD + padded;
        if (maxFileBytes > 0 && fileBytes + block > maxFileBytes && fileBytes > sectionHeaderBytes()) {
            nextFile();
        }
        ensure(block);
        java.time.Instant now = java.time.Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        staging.putInt(6).putInt(block).putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros)
                .putInt(captured).putInt(packetLength);
        staging.order(ByteOrder.BIG_ENDIAN); // network order inside the packet
        int udpLength = UDP_HEADER + length;
        if (v6) {
            staging.putInt(6 << 28).putShort((short) udpLength).put((byte) 17).put((byte) 64);
            staging.put(address16(source)).put(address16(destination));
        } else {
            staging.put((byte) 0x45).put((byte) 0).putShort((short) Math.min(0xFFFF, packetLength))
                    .putShort((short) 0).putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0);
            staging.put(address4(source)).put(address4(destination));
        }
        staging.putShort((short) port(source)).putShort((short) port(destination))
                .putShort((short) Math.min(0xFFFF, udpLength)).putShort((short) 0); // checksum 0: not computed
        MemorySegment.copy(payload, ValueLayout.JAVA_BYTE, offset, copy, 0, kept);
        staging.put(copy, 0, kept);
        for (int i = captured; i < padded; i++) {
            staging.put((byte) 0);
        }
        staging.order(ByteOrder.LITTLE_ENDIAN);
        staging.putInt(block);
        fileBytes += block;
        packets++;
    }

    /** Writes what is staged to the file. */
    public synchronized void flush() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            flush();
            channel.close();
            channel = null;
        }
    }

    private void ensure(int bytes) throws IOException {
        if (bytes > staging.capacity()) {
            throw new IOException("a " + bytes + "-byte block does not fit the staging buffer: lower the snap length");
        }
        if (staging.remaining() < bytes) {
            flush();
        }
    }

    private void nextFile() throws IOException {
        if (channel != null) {
            flush();
            channel.close();
        }
        fileIndex = (fileIndex + 1) % files;
        channel = FileChannel.open(file(fileIndex), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeSectionAndInterface();
        fileBytes = sectionHeaderBytes();
    }

    private static int sectionHeaderBytes() {
        return 28 + 20;
    }

    private void writeSectionAndInterface() {
        // Section Header Block: byte-order magic, version 1.0, section length unknown (-1).
        staging.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L).putInt(28);
        // Interface Description Block: raw IP, snap length; timestamps in microseconds (the default).
        staging.putInt(1).putInt(20).putShort((short) LINKTYPE_RAW).putShort((short) 0)
                .putInt(IPV4_HEADER + UDP_HEADER + Math.max(snapLength, 0)).putInt(20);
    }

    private static boolean isV6(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() instanceof Inet6Address;
    }

    private static int port(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getPort() : 0;
    }

    private static byte[] address4(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() instanceof Inet4Address v4) {
            return v4.getAddress();
        }
        return new byte[4];
    }

    private static byte[] address16(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            InetAddress ip = i.getAddress();
            if (ip instanceof Inet6Address) {
                return ip.getAddress();
            }
            if (ip instanceof Inet4Address v4) { // an IPv4 end of a dual-stack flow: v4-mapped
                byte[] m = new byte[16];
                m[10] = (byte) 0xFF;
                m[11] = (byte) 0xFF;
                System.arraycopy(v4.getAddress(), 0, m, 12, 4);
                return m;
            }
        }
        return new byte[16];
    }

    /** Deletes the files of a ring (for tests and tools). */
    public static void deleteRing(Path base, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Files.deleteIfExists(files == 1 ? base : base.resolveSibling(base.getFileName() + "." + i + ".pcapng"));
        }
    }
}
