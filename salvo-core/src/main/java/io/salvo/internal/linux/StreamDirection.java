package io.salvo.internal.linux;

import java.lang.foreign.MemorySegment;
import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The native scratch one direction (reading or writing) of a stream socket needs: an errno
 * capture, a {@code pollfd}, an {@code iovec} array for vectored calls and a {@code msghdr} for
 * {@code sendmsg}. Allocated from the socket's arena (iovecs grown on demand, up to
 * {@link LinuxConstants#UIO_MAXIOV}), freed with it. One thread at a time: {@link #enter()} turns a
 * second one into a {@link ConcurrentModificationException} instead of corrupted state.
 */
final class StreamDirection {

    static final long IOV_STRIDE = NativeLayouts.IOVEC.byteSize();

    private final NativeSocket socket;
    private final String direction;
    private final AtomicBoolean busy = new AtomicBoolean();
    final MemorySegment capture;
    final MemorySegment pollfd;
    final MemorySegment msghdr;
    /** A {@code struct timeval} for SO_RCVTIMEO. */
    final MemorySegment timeval;
    MemorySegment iovs = MemorySegment.NULL;
    int iovCapacity;

    StreamDirection(NativeSocket socket, String direction) {
        this.socket = socket;
        this.direction = direction;
        this.capture = LibC.newCaptureState(socket.arena());
        this.pollfd = socket.arena().allocate(NativeLayouts.POLLFD);
        this.msghdr = socket.arena().allocate(NativeLayouts.MSGHDR);
        this.timeval = socket.arena().allocate(16, 8);
    }

    void enter() {
        if (!busy.compareAndSet(false, true)) {
            throw new ConcurrentModificationException("two threads are " + direction + " on one connection at once");
        }
    }

    void exit() {
        busy.set(false);
    }

    /** Room for {@code n} iovecs (n at most UIO_MAXIOV); earlier, smaller arrays stay until close. */
    void ensureIovecs(int n) {
        if (n > iovCapacity) {
            int cap = Math.min(LinuxConstants.UIO_MAXIOV, Math.max(16, Integer.highestOneBit(n - 1) << 1));
            iovs = socket.arena().allocate(IOV_STRIDE * cap, 8);
            iovCapacity = cap;
        }
    }
}
