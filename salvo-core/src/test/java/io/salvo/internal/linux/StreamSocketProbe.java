package io.salvo.internal.linux;

import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Test access to a native stream transport's socket: read options back with getsockopt, check its memory is freed. */
public final class StreamSocketProbe {

    private StreamSocketProbe() {
    }

    public static NativeSocket socketOf(StreamTransport t) {
        return ((NativeStreamTransport) t).nativeSocket();
    }

    /** getsockopt with an int value. */
    public static int getInt(StreamTransport t, int level, int name) throws IOException {
        return SocketCalls.getInt(socketOf(t), level, name, "option " + level + "/" + name);
    }

    public static int getInt(NativeSocket s, int level, int name) throws IOException {
        return SocketCalls.getInt(s, level, name, "option " + level + "/" + name);
    }

    /** {@code SO_LINGER} as {onoff, seconds}. */
    public static int[] linger(StreamTransport t) throws IOException {
        return socketOf(t).control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(NativeLayouts.LINGER);
                MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, (int) NativeLayouts.LINGER.byteSize());
                if (LibC.getsockopt(capture, fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_LINGER, v, len) < 0) {
                    throw Errno.exception("getsockopt(SO_LINGER)", LibC.errno(capture));
                }
                return new int[] {v.get(ValueLayout.JAVA_INT, 0), v.get(ValueLayout.JAVA_INT, 4)};
            }
        });
    }

    /** True once the socket's descriptor is closed and its native memory freed. */
    public static boolean isReleased(StreamTransport t) {
        return !socketOf(t).arena().scope().isAlive();
    }
}
