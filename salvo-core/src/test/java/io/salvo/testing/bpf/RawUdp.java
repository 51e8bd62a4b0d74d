package io.salvo.testing.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A bare UDP socket that sends one message with {@code sendmsg(2)}, optionally carrying a
 * {@code UDP_SEGMENT} control message, and reports the kernel's answer as it is: the byte count or
 * the negated errno. For checking fixtures independently of Salvo's own send path. Not thread-safe.
 */
final class RawUdp implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = LINKER.downcallHandle(LINKER.defaultLookup().find("socket").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle SENDMSG = LINKER.downcallHandle(LINKER.defaultLookup().find("sendmsg").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int AF_INET = 2, AF_INET6 = 10, SOCK_DGRAM = 2;

    private final int fd;
    private final boolean v6;

    /** Opens an unbound IPv4 or IPv6 socket in the calling thread's namespace. */
    RawUdp(boolean v6) {
        this.v6 = v6;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            fd = (int) SOCKET.invokeExact(capture, v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
            if (fd < 0) {
                throw new IllegalStateException("socket: errno " + (int) ERRNO_HANDLE.get(capture, 0L));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Sends {@code length} bytes to {@code target}; {@code segmentSize > 0} adds UDP_SEGMENT. Returns bytes or -errno. */
    long send(InetSocketAddress target, int length, int segmentSize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(28, 8);
            byte[] ip = target.getAddress().getAddress();
            int nameLength;
            if (v6) {
                name.set(JAVA_SHORT, 0, (short) AF_INET6);
                byte[] ip6 = ip.length == 16 ? ip : mapped(ip);
                MemorySegment.copy(ip6, 0, name, JAVA_BYTE, 8, 16);
                nameLength = 28;
            } else {
                name.set(JAVA_SHORT, 0, (short) AF_INET);
                MemorySegment.copy(ip, 0, name, JAVA_BYTE, 4, 4);
                nameLength = 16;
            }
            name.set(JAVA_BYTE, 2, (byte) (target.getPort() >> 8));
            name.set(JAVA_BYTE, 3, (byte) target.getPort());
            MemorySegment payload = arena.allocate(Math.max(1, length));
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, payload.address());
            iov.set(JAVA_LONG, 8, length);
            MemorySegment control = arena.allocate(24, 8);
            control.set(JAVA_LONG, 0, 18);     // CMSG_LEN(sizeof(u16))
            control.set(JAVA_INT, 8, 17);      // SOL_UDP
            control.set(JAVA_INT, 12, 103);    // UDP_SEGMENT
            control.set(JAVA_SHORT, 16, (short) segmentSize);
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(JAVA_LONG, 0, name.address());
            msg.set(JAVA_INT, 8, nameLength);
            msg.set(JAVA_LONG, 16, iov.address());
            msg.set(JAVA_LONG, 24, 1);
            msg.set(JAVA_LONG, 32, segmentSize > 0 ? control.address() : 0);
            msg.set(JAVA_LONG, 40, segmentSize > 0 ? 24 : 0);
            MemorySegment capture = arena.allocate(CAPTURE);
            long rc = (long) SENDMSG.invokeExact(capture, fd, msg, 0);
            return rc >= 0 ? rc : -(int) ERRNO_HANDLE.get(capture, 0L);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
