package io.salvo.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.salvo.transport.AbstractUnixSocketAddress;

/**
 * Reads and writes socket addresses in the Linux {@code sockaddr} layouts ({@code sockaddr_in},
 * {@code sockaddr_in6}, {@code sockaddr_un}). Every transport, the loopback one included, keeps
 * per-packet addresses in this one native form, so a batch decodes them the same way whoever
 * filled it. Encoding and the {@code port}/{@code family}/{@code equals} helpers allocate nothing;
 * {@link #decode} allocates the address object.
 */
public final class SocketAddressCodec {

    public static final short AF_UNSPEC = 0;
    public static final short AF_UNIX = 1;
    public static final short AF_INET = 2;
    public static final short AF_INET6 = 10;

    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_UN_PATH_OFFSET = 2;
    public static final int SOCKADDR_UN_SIZE = 110;
    /** Size of {@code struct sockaddr_storage}: room for any of the above. */
    public static final int SOCKADDR_STORAGE_SIZE = 128;

    private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private SocketAddressCodec() {
    }

    /**
     * Writes {@code address} at {@code offset} and returns the byte length to pass as
     * {@code socklen_t}; {@code null} writes {@code AF_UNSPEC} and returns 0.
     *
     * @throws IllegalArgumentException for an unresolved host or an unsupported address type
     */
    public static int encode(SocketAddress address, MemorySegment seg, long offset) {
        return switch (address) {
            case null -> {
                seg.set(FAMILY, offset, AF_UNSPEC);
                yield 0;
            }
            case InetSocketAddress inet -> encodeInet(inet.getAddress(), inet.getPort(), seg, offset, inet);
            case UnixDomainSocketAddress unix -> encodeUnix(unix.getPath().toString().getBytes(StandardCharsets.UTF_8),
                    false, seg, offset);
            case AbstractUnixSocketAddress abs -> encodeUnix(abs.name().getBytes(StandardCharsets.UTF_8), true, seg, offset);
            default -> throw new IllegalArgumentException("unsupported address type " + address.getClass().getName());
        };
    }

    /** Writes an IP address and port; an IPv4 address becomes {@code sockaddr_in}. */
    public static int encodeInet(InetAddress ip, int port, MemorySegment seg, long offset, Object forMessage) {
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + forMessage);
        }
        if (ip instanceof Inet4Address) {
            seg.asSlice(offset, SOCKADDR_IN_SIZE).fill((byte) 0);
            seg.set(FAMILY, offset, AF_INET);
            seg.set(PORT, offset + 2, (short) port);
            MemorySegment.copy(ip.getAddress(), 0, seg, ValueLayout.JAVA_BYTE, offset + 4, 4);
            return SOCKADDR_IN_SIZE;
        }
        Inet6Address v6 = (Inet6Address) ip;
        seg.asSlice(offset, SOCKADDR_IN6_SIZE).fill((byte) 0);
        seg.set(FAMILY, offset, AF_INET6);
        seg.set(PORT, offset + 2, (short) port);
        MemorySegment.copy(v6.getAddress(), 0, seg, ValueLayout.JAVA_BYTE, offset + 8, 16);
        seg.set(INT, offset + 24, v6.getScopeId());
        return SOCKADDR_IN6_SIZE;
    }

    /** Writes an IPv4 address as an IPv4-mapped IPv6 address, for dual-stack IPv6 sockets. */
    public static int encodeMappedV4(Inet4Address ip, int port, MemorySegment seg, long offset) {
        seg.asSlice(offset, SOCKADDR_IN6_SIZE).fill((byte) 0);
        seg.set(FAMILY, offset, AF_INET6);
        seg.set(PORT, offset + 2, (short) port);
        seg.set(ValueLayout.JAVA_BYTE, offset + 18, (byte) 0xFF);
        seg.set(ValueLayout.JAVA_BYTE, offset + 19, (byte) 0xFF);
        MemorySegment.copy(ip.getAddress(), 0, seg, ValueLayout.JAVA_BYTE, offset + 20, 4);
        return SOCKADDR_IN6_SIZE;
    }

    private static int encodeUnix(byte[] path, boolean abstractName, MemorySegment seg, long offset) {
        int lead = abstractName ? 1 : 0;
        int max = SOCKADDR_UN_SIZE - SOCKADDR_UN_PATH_OFFSET - 1; // room for the NUL, leading or trailing
        if (path.length > max) {
            throw new IllegalArgumentException("unix socket path of " + path.length + " bytes exceeds " + max);
        }
        seg.asSlice(offset, SOCKADDR_UN_SIZE).fill((byte) 0);
        seg.set(FAMILY, offset, AF_UNIX);
        MemorySegment.copy(path, 0, seg, ValueLayout.JAVA_BYTE, offset + SOCKADDR_UN_PATH_OFFSET + lead, path.length);
        if (path.length == 0 && !abstractName) {
            return SOCKADDR_UN_PATH_OFFSET; // unnamed
        }
        // Filesystem paths carry their NUL; abstract names are exactly as long as the name.
        return SOCKADDR_UN_PATH_OFFSET + lead + path.length + (abstractName ? 0 : 1);
    }

    /** The address family at {@code offset}. */
    public static short family(MemorySegment seg, long offset) {
        return seg.get(FAMILY, offset);
    }

    /** True for an {@code AF_INET6} address that holds an IPv4 one ({@code ::ffff:a.b.c.d}). */
    public static boolean isV4Mapped(MemorySegment seg, long offset) {
        if (family(seg, offset) != AF_INET6) {
            return false;
        }
        long a = offset + 8; // sin6_addr
        return seg.get(ValueLayout.JAVA_LONG_UNALIGNED, a) == 0
                && seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), a + 8) == 0x0000FFFF;
    }

    /** The port of an {@code AF_INET}/{@code AF_INET6} address, else -1. */
    public static int port(MemorySegment seg, long offset) {
        short f = family(seg, offset);
        return (f == AF_INET || f == AF_INET6) ? seg.get(PORT, offset + 2) & 0xFFFF : -1;
    }

    /** True when the two encoded addresses are the same (compares only the meaningful bytes). */
    public static boolean equals(MemorySegment a, long aOff, MemorySegment b, long bOff) {
        short f = family(a, aOff);
        if (f != family(b, bOff)) {
            return false;
        }
        return switch (f) {
            case AF_INET -> MemorySegment.mismatch(a, aOff, aOff + 8, b, bOff, bOff + 8) == -1;
            case AF_INET6 -> MemorySegment.mismatch(a, aOff, aOff + 4, b, bOff, bOff + 4) == -1
                    && MemorySegment.mismatch(a, aOff + 8, aOff + 28, b, bOff + 8, bOff + 28) == -1;
            case AF_UNIX -> MemorySegment.mismatch(a, aOff, aOff + SOCKADDR_UN_SIZE, b, bOff, bOff + SOCKADDR_UN_SIZE) == -1;
            default -> true;
        };
    }

    /**
     * Decodes the address at {@code offset}, {@code length} bytes long as the kernel reported it.
     * Returns {@code null} for {@code AF_UNSPEC}. Allocates.
     */
    public static SocketAddress decode(MemorySegment seg, long offset, int length) {
        short f = family(seg, offset);
        try {
            switch (f) {
                case AF_INET -> {
                    byte[] ip = new byte[4];
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset + 4, ip, 0, 4);
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port(seg, offset));
                }
                case AF_INET6 -> {
                    byte[] ip = new byte[16];
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset + 8, ip, 0, 16);
                    int scope = seg.get(INT, offset + 24);
                    InetAddress a = scope != 0 && ip[0] == (byte) 0xFE && (ip[1] & 0xC0) == 0x80
                            ? Inet6Address.getByAddress(null, ip, scope)
                            : InetAddress.getByAddress(ip); // IPv4-mapped addresses decode as IPv4
                    return new InetSocketAddress(a, port(seg, offset));
                }
                case AF_UNIX -> {
                    int pathLen = Math.max(0, length - SOCKADDR_UN_PATH_OFFSET);
                    if (pathLen == 0) {
                        return UnixDomainSocketAddress.of("");
                    }
                    long p = offset + SOCKADDR_UN_PATH_OFFSET;
                    if (seg.get(ValueLayout.JAVA_BYTE, p) == 0) {
                        byte[] name = new byte[pathLen - 1];
                        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, p + 1, name, 0, name.length);
                        return new AbstractUnixSocketAddress(new String(name, StandardCharsets.UTF_8));
                    }
                    int n = 0;
                    while (n < pathLen && seg.get(ValueLayout.JAVA_BYTE, p + n) != 0) {
                        n++;
                    }
                    byte[] path = new byte[n];
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, p, path, 0, n);
                    return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
                }
                default -> {
                    return null;
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("kernel returned a malformed address", e);
        }
    }

    /** Decodes only the IP of an {@code AF_INET}/{@code AF_INET6} address (no port); null otherwise. */
    public static InetAddress decodeIp(MemorySegment seg, long offset) {
        SocketAddress a = decode(seg, offset, SOCKADDR_IN6_SIZE);
        return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
