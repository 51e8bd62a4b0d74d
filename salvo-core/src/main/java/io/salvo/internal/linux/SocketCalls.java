package io.salvo.internal.linux;

import io.salvo.internal.SocketAddressCodec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.util.function.ToIntBiFunction;

/**
 * Control-path calls on a {@link NativeSocket}: options, bind, connect, getsockname. Each runs
 * under the socket's control lock with a temporary arena; they allocate and are not for hot paths.
 */
public final class SocketCalls {
    private SocketCalls() {
    }

    /** setsockopt with an int value. */
    public static void setInt(NativeSocket s, int level, int name, int value, String what) throws IOException {
        int errno = setIntErrno(s, level, name, value);
        if (errno != 0) {
            throw Errno.exception("setsockopt(" + what + ")", errno);
        }
    }

    /** setsockopt with an int value; returns false instead of throwing when the kernel refuses. */
    public static boolean trySetInt(NativeSocket s, int level, int name, int value) throws IOException {
        return setIntErrno(s, level, name, value) == 0;
    }

    /** setsockopt with an int value; returns 0 or the errno. */
    private static int setIntErrno(NativeSocket s, int level, int name, int value) throws IOException {
        return s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
                v.set(ValueLayout.JAVA_INT, 0, value);
                return LibC.setsockopt(capture, fd, level, name, v, 4) < 0 ? LibC.errno(capture) : 0;
            }
        });
    }

    /** setsockopt with a value written by {@code fill} into a segment of {@code size} bytes. */
    public static void setBytes(NativeSocket s, int level, int name, long size,
                                java.util.function.Consumer<MemorySegment> fill, String what) throws IOException {
        s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(size, 8);
                fill.accept(v);
                if (LibC.setsockopt(capture, fd, level, name, v, (int) size) < 0) {
                    throw Errno.exception("setsockopt(" + what + ")", LibC.errno(capture));
                }
            }
            return null;
        });
    }

    /** getsockopt with an int value. */
    public static int getInt(NativeSocket s, int level, int name, String what) throws IOException {
        return s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
                MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, 4);
                if (LibC.getsockopt(capture, fd, level, name, v, len) < 0) {
                    throw Errno.exception("getsockopt(" + what + ")", LibC.errno(capture));
                }
                return v.get(ValueLayout.JAVA_INT, 0);
            }
        });
    }

    /**
     * The socket's count of datagrams the kernel dropped on receive ({@code SO_MEMINFO},
     * {@code SK_MEMINFO_DROPS}, Linux 4.x and later), or -1 when the socket is closed or the kernel
     * does not say. Allocates; for snapshots, not the hot path.
     */
    public static long receiveQueueDrops(NativeSocket s) {
        try {
            return s.control((fd, capture) -> {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment v = a.allocate(ValueLayout.JAVA_INT, LinuxConstants.SK_MEMINFO_VARS);
                    MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
                    len.set(ValueLayout.JAVA_INT, 0, (int) v.byteSize());
                    if (LibC.getsockopt(capture, fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_MEMINFO, v, len) < 0
                            || len.get(ValueLayout.JAVA_INT, 0) <= 4 * LinuxConstants.SK_MEMINFO_DROPS) {
                        return -1L;
                    }
                    return v.getAtIndex(ValueLayout.JAVA_INT, LinuxConstants.SK_MEMINFO_DROPS) & 0xFFFFFFFFL;
                }
            });
        } catch (IOException closed) {
            return -1;
        }
    }

    /** bind or connect to an address the caller encodes. */
    public static void addressCall(NativeSocket s, String call, ToIntBiFunction<MemorySegment, Long> encode,
                                   boolean connect) throws IOException {
        s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment addr = a.allocate(SocketAddressCodec.SOCKADDR_STORAGE_SIZE, 8);
                int len = encode.applyAsInt(addr, 0L);
                int rc = connect ? LibC.connect(capture, fd, addr, len) : LibC.bind(capture, fd, addr, len);
                if (rc < 0) {
                    throw Errno.exception(call, LibC.errno(capture));
                }
            }
            return null;
        });
    }

    /** The socket's bound address. */
    public static SocketAddress localAddress(NativeSocket s) throws IOException {
        return s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment addr = a.allocate(SocketAddressCodec.SOCKADDR_STORAGE_SIZE, 8);
                MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, SocketAddressCodec.SOCKADDR_STORAGE_SIZE);
                if (LibC.getsockname(capture, fd, addr, len) < 0) {
                    throw Errno.exception("getsockname", LibC.errno(capture));
                }
                return SocketAddressCodec.decode(addr, 0, len.get(ValueLayout.JAVA_INT, 0));
            }
        });
    }

    /** Interface index of a named interface. */
    public static int interfaceIndex(String name) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = LibC.newCaptureState(a);
            int index = LibC.ifNameToIndex(capture, a.allocateFrom(name));
            if (index == 0) {
                throw Errno.exception("if_nametoindex(" + name + ")", LibC.errno(capture));
            }
            return index;
        }
    }

    /** Creates a connected pair of datagram sockets of {@code family} (socketpair). */
    public static NativeSocket[] socketPair(int family) throws IOException {
        return socketPair(family, LinuxConstants.SOCK_DGRAM);
    }

    /** Creates a connected pair of sockets of {@code family} and {@code type} (socketpair). */
    public static NativeSocket[] socketPair(int family, int type) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = LibC.newCaptureState(a);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            int rc = LibC.socketpair(capture, family, type | LinuxConstants.SOCK_NONBLOCK
                    | LinuxConstants.SOCK_CLOEXEC, 0, fds);
            if (rc < 0) {
                throw Errno.exception("socketpair", LibC.errno(capture));
            }
            return new NativeSocket[] {
                    NativeSocket.adopt(fds.getAtIndex(ValueLayout.JAVA_INT, 0), family),
                    NativeSocket.adopt(fds.getAtIndex(ValueLayout.JAVA_INT, 1), family)};
        }
    }
}
