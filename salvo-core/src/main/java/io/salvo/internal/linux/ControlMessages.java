package io.salvo.internal.linux;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.transport.DropCause;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.salvo.internal.linux.LinuxConstants.IPPROTO_IP;
import static io.salvo.internal.linux.LinuxConstants.IPPROTO_IPV6;
import static io.salvo.internal.linux.LinuxConstants.IPV6_PKTINFO;
import static io.salvo.internal.linux.LinuxConstants.IPV6_TCLASS;
import static io.salvo.internal.linux.LinuxConstants.IP_PKTINFO;
import static io.salvo.internal.linux.LinuxConstants.IP_TOS;
import static io.salvo.internal.linux.LinuxConstants.SOL_SOCKET;
import static io.salvo.internal.linux.LinuxConstants.SOL_UDP;
import static io.salvo.internal.linux.LinuxConstants.SO_RXQ_OVFL;
import static io.salvo.internal.linux.LinuxConstants.SO_TIMESTAMPNS;
import static io.salvo.internal.linux.LinuxConstants.UDP_GRO;
import static io.salvo.internal.linux.LinuxConstants.UDP_SEGMENT;
import static io.salvo.internal.linux.NativeLayouts.CMSG_DATA;
import static io.salvo.internal.linux.NativeLayouts.CMSG_LEN;
import static io.salvo.internal.linux.NativeLayouts.CMSG_LEVEL;
import static io.salvo.internal.linux.NativeLayouts.CMSG_TYPE;
import static io.salvo.internal.linux.NativeLayouts.cmsgAlign;
import static io.salvo.internal.linux.NativeLayouts.cmsgLen;
import static io.salvo.internal.linux.NativeLayouts.cmsgSpace;

/**
 * Writes the per-datagram control messages of a send (GSO segment size, ECN, source address) and
 * reads those of a receive (GRO segment size, local address and interface, ECN, timestamp, the
 * kernel's receive-queue drop count). Works on offsets into the vector's control area; allocation-free.
 */
final class ControlMessages {
    private ControlMessages() {
    }

    /** Room a send needs: GSO (u16), ECN (int) and a source address (in6_pktinfo), each rounded up. */
    static final long SEND_SPACE = cmsgSpace(2) + cmsgSpace(4) + cmsgSpace(NativeLayouts.IN6_PKTINFO.byteSize());
    /** Room a receive needs: GRO, pktinfo (IPv6 size), TOS/TCLASS, timestamp, rxq overflow, with slack. */
    static final long RECEIVE_SPACE = cmsgSpace(4) + cmsgSpace(NativeLayouts.IN6_PKTINFO.byteSize()) + cmsgSpace(4)
            + cmsgSpace(NativeLayouts.TIMESPEC.byteSize()) + cmsgSpace(4) + 64;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    /**
     * Writes the control messages for one slot at {@code at} in {@code c}.
     *
     * @param ipv4 whether the datagram goes out over IPv4 (IP-level messages) or IPv6
     * @return bytes written (0 when the slot needs none)
     */
    static long writeSend(MemorySegment c, long at, boolean ipv4, int segmentSize, int trafficClass,
                          BatchState b, int slot) {
        long p = at;
        if (segmentSize > 0) {
            p = header(c, p, SOL_UDP, UDP_SEGMENT, 2);
            c.set(SHORT, p - cmsgAlign(2), (short) segmentSize);
        }
        if (trafficClass != 0) {
            p = header(c, p, ipv4 ? IPPROTO_IP : IPPROTO_IPV6, ipv4 ? IP_TOS : IPV6_TCLASS, 4);
            c.set(INT, p - cmsgAlign(4), trafficClass);
        }
        long local = BatchState.localOffset(slot);
        short family = SocketAddressCodec.family(b.localAddresses, local);
        if (family == SocketAddressCodec.AF_INET && ipv4) {
            long size = NativeLayouts.IN_PKTINFO.byteSize();
            p = header(c, p, IPPROTO_IP, IP_PKTINFO, size);
            long d = p - cmsgAlign(size);
            zero(c, d, size);
            c.set(INT, d, b.interfaceIndex[slot]);
            c.set(INT, d + 4, b.localAddresses.get(INT, local + 4)); // ipi_spec_dst: the source to use
        } else if (family == SocketAddressCodec.AF_INET6 && ipv4 && SocketAddressCodec.isV4Mapped(b.localAddresses, local)) {
            // A dual-stack socket's IPv4 path takes its source from IP_PKTINFO: unmap the address.
            long size = NativeLayouts.IN_PKTINFO.byteSize();
            p = header(c, p, IPPROTO_IP, IP_PKTINFO, size);
            long d = p - cmsgAlign(size);
            zero(c, d, size);
            c.set(INT, d, b.interfaceIndex[slot]);
            c.set(INT, d + 4, b.localAddresses.get(INT, local + 8 + 12));
        } else if (family == SocketAddressCodec.AF_INET6 && !ipv4) {
            long size = NativeLayouts.IN6_PKTINFO.byteSize();
            p = header(c, p, IPPROTO_IPV6, IPV6_PKTINFO, size);
            long d = p - cmsgAlign(size);
            MemorySegment.copy(b.localAddresses, local + 8, c, d, 16);
            c.set(INT, d + 16, b.interfaceIndex[slot]);
        }
        return p - at;
    }

    /** Zeroes {@code length} bytes at {@code offset} without making a slice (the hot path allocates nothing). */
    private static void zero(MemorySegment seg, long offset, long length) {
        long i = 0;
        for (; i + 8 <= length; i += 8) {
            seg.set(LONG, offset + i, 0L);
        }
        for (; i < length; i++) {
            seg.set(ValueLayout.JAVA_BYTE, offset + i, (byte) 0);
        }
    }

    /** Writes a control header at {@code p} for {@code dataLength} bytes; returns the offset after the message. */
    private static long header(MemorySegment c, long p, int level, int type, long dataLength) {
        c.set(LONG, p + CMSG_LEN, cmsgLen(dataLength));
        c.set(INT, p + CMSG_LEVEL, level);
        c.set(INT, p + CMSG_TYPE, type);
        zero(c, p + CMSG_DATA, cmsgAlign(dataLength));
        return p + cmsgSpace(dataLength);
    }

    /** Reads the control messages of one received datagram into the slot's metadata. */
    static void parseReceive(MemorySegment c, long at, long length, BatchState b, int slot, StatsRecorder stats) {
        long p = at;
        long end = at + length;
        while (p + CMSG_DATA <= end) {
            long len = c.get(LONG, p + CMSG_LEN);
            if (len < CMSG_DATA || p + len > end) {
                break; // malformed or cut: the caller has MSG_CTRUNC to tell it so
            }
            int level = c.get(INT, p + CMSG_LEVEL);
            int type = c.get(INT, p + CMSG_TYPE);
            long d = p + CMSG_DATA;
            if (level == SOL_UDP && type == UDP_GRO) {
                b.segmentSize[slot] = c.get(INT, d) & 0xFFFF;
            } else if (level == IPPROTO_IP && type == IP_PKTINFO) {
                b.interfaceIndex[slot] = c.get(INT, d);
                long local = BatchState.localOffset(slot);
                zero(b.localAddresses, local, SocketAddressCodec.SOCKADDR_IN_SIZE);
                b.localAddresses.set(SHORT, local, SocketAddressCodec.AF_INET);
                b.localAddresses.set(INT, local + 4, c.get(INT, d + 8)); // ipi_addr: header destination
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
                long local = BatchState.localOffset(slot);
                zero(b.localAddresses, local, SocketAddressCodec.SOCKADDR_IN6_SIZE);
                b.localAddresses.set(SHORT, local, SocketAddressCodec.AF_INET6);
                MemorySegment.copy(c, d, b.localAddresses, local + 8, 16);
                b.interfaceIndex[slot] = c.get(INT, d + 16);
            } else if (level == IPPROTO_IP && type == IP_TOS) {
                b.ecn[slot] = (byte) (c.get(ValueLayout.JAVA_BYTE, d) & 3);
            } else if (level == IPPROTO_IPV6 && type == IPV6_TCLASS) {
                b.ecn[slot] = (byte) (c.get(INT, d) & 3);
            } else if (level == SOL_SOCKET && type == SO_TIMESTAMPNS) {
                b.timestampNanos[slot] = c.get(LONG, d) * 1_000_000_000L + c.get(LONG, d + 8);
            } else if (level == SOL_SOCKET && type == SO_RXQ_OVFL) {
                stats.dropTotalFromKernel(DropCause.KERNEL_RECEIVE_OVERFLOW, c.get(INT, d) & 0xFFFFFFFFL);
            }
            p += cmsgAlign(len);
        }
    }
}
