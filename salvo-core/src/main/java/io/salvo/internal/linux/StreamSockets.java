package io.salvo.internal.linux;

import io.salvo.internal.SocketAddressCodec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * The control path of stream sockets: a non-blocking {@code connect} finished with a bounded
 * {@code poll(2)} and {@code SO_ERROR}, {@code listen}, and {@code accept4}. These allocate (they
 * make sockets and addresses); the data path is {@link NativeStreamTransport}.
 */
public final class StreamSockets {

    private StreamSockets() {
    }

    /** A connection taken off a listener: its socket (owned by the caller now) and the peer's address. */
    public record Accepted(NativeSocket socket, SocketAddress peer) {
    }

    /**
     * Connects {@code s} to {@code remote}, waiting at most {@code timeoutNanos}.
     *
     * @throws ConnectException if refused (or, for a Unix socket, nothing listens at that name)
     * @throws SocketTimeoutException if the timeout passed first
     * @throws NoRouteToHostException if the network or host is unreachable
     */
    public static void connect(NativeSocket s, SocketAddress remote, long timeoutNanos) throws IOException {
        s.control((fd, capture) -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment addr = a.allocate(SocketAddressCodec.SOCKADDR_STORAGE_SIZE, 8);
                int len = SocketAddressCodec.encode(remote, addr, 0);
                long deadline = System.nanoTime() + timeoutNanos;
                long pauseMillis = 1;
                while (true) {
                    int rc;
                    do {
                        rc = LibC.connect(capture, fd, addr, len);
                    } while (rc < 0 && LibC.errno(capture) == Errno.EINTR);
                    if (rc == 0) {
                        return null;
                    }
                    int errno = LibC.errno(capture);
                    if (errno == Errno.EINPROGRESS) { // TCP: the handshake goes on; SO_ERROR tells how it ended
                        waitConnected(fd, capture, a, remote, timeoutNanos);
                        return null;
                    }
                    if (errno != Errno.EAGAIN || s.family() != LinuxConstants.AF_UNIX) {
                        throw connectFailure(remote, errno); // for TCP, EAGAIN means no local port is free
                    }
                    // A Unix listener's backlog is full and nothing was started: the kernel offers no
                    // readiness event for room in another socket's queue, so try again after a short pause.
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("connect to " + remote + ": the listener's backlog stayed "
                                + "full for " + timeoutNanos / 1_000_000 + " ms");
                    }
                    pause(Math.min(pauseMillis, (left + 999_999) / 1_000_000), remote);
                    pauseMillis = Math.min(pauseMillis * 2, 50);
                }
            }
        });
    }

    private static void pause(long millis, SocketAddress remote) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("connect to " + remote + " interrupted");
        }
    }

    private static void waitConnected(int fd, MemorySegment capture, Arena a, SocketAddress remote, long timeoutNanos)
            throws IOException {
        MemorySegment pollfd = a.allocate(NativeLayouts.POLLFD);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("connect to " + remote + " timed out after "
                        + timeoutNanos / 1_000_000 + " ms");
            }
            if (PollOnce.ready(pollfd, capture, fd, LinuxConstants.POLLOUT, left)) {
                break;
            }
        }
        MemorySegment value = a.allocate(ValueLayout.JAVA_INT);
        MemorySegment length = a.allocate(ValueLayout.JAVA_INT);
        length.set(ValueLayout.JAVA_INT, 0, 4);
        if (LibC.getsockopt(capture, fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR, value, length) < 0) {
            throw Errno.exception("getsockopt(SO_ERROR)", LibC.errno(capture));
        }
        int error = value.get(ValueLayout.JAVA_INT, 0);
        if (error != 0) {
            throw connectFailure(remote, error);
        }
    }

    private static IOException connectFailure(SocketAddress remote, int errno) {
        String text = "connect to " + remote + " failed: " + Errno.name(errno) + " (" + LibC.strerror(errno) + ")";
        return switch (errno) {
            case Errno.ECONNREFUSED, Errno.ENOENT -> new ConnectException(text);
            case Errno.ETIMEDOUT -> new SocketTimeoutException(text);
            case Errno.ENETUNREACH, Errno.EHOSTUNREACH -> new NoRouteToHostException(text);
            default -> Errno.exception("connect to " + remote, errno);
        };
    }

    /** Binds {@code s} to {@code local} and starts listening with {@code backlog}. */
    public static void bindAndListen(NativeSocket s, SocketAddress local, int backlog) throws IOException {
        SocketCalls.addressCall(s, "bind(" + local + ")", (seg, off) -> SocketAddressCodec.encode(local, seg, off), false);
        s.control((fd, capture) -> {
            if (LibC.listen(capture, fd, backlog) < 0) {
                throw Errno.exception("listen(" + local + ")", LibC.errno(capture));
            }
            return null;
        });
    }

    /**
     * Scratch for {@link #accept}: the peer-address area and its length, made once per listener and
     * freed with it.
     */
    public static final class AcceptScratch {
        final MemorySegment capture;
        final MemorySegment address;
        final MemorySegment length;

        public AcceptScratch(NativeSocket listener) {
            this.capture = LibC.newCaptureState(listener.arena());
            this.address = listener.arena().allocate(SocketAddressCodec.SOCKADDR_STORAGE_SIZE, 8);
            this.length = listener.arena().allocate(ValueLayout.JAVA_INT);
        }
    }

    /**
     * Takes one pending connection off {@code listener} ({@code accept4} with non-blocking and
     * close-on-exec), or returns null when none is waiting. One thread at a time per scratch.
     *
     * @throws ClosedChannelException if the listener is closed
     */
    public static Accepted accept(NativeSocket listener, AcceptScratch scratch) throws IOException {
        int fd = listener.acquire();
        try {
            while (true) {
                scratch.length.set(ValueLayout.JAVA_INT, 0, SocketAddressCodec.SOCKADDR_STORAGE_SIZE);
                int child = LibC.accept4(scratch.capture, fd, scratch.address, scratch.length,
                        LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC);
                if (child >= 0) {
                    SocketAddress peer = SocketAddressCodec.decode(scratch.address, 0,
                            scratch.length.get(ValueLayout.JAVA_INT, 0));
                    return new Accepted(NativeSocket.adopt(child, listener.family()), peer);
                }
                int errno = LibC.errno(scratch.capture);
                switch (errno) {
                    case Errno.EINTR, Errno.ECONNABORTED -> {
                        // interrupted, or a connection that was reset while queued: try the next one
                    }
                    case Errno.EAGAIN -> {
                        return null;
                    }
                    default -> {
                        if (!listener.isOpen() || errno == Errno.EBADF || errno == Errno.EINVAL) {
                            throw new ClosedChannelException();
                        }
                        throw Errno.exception("accept4", errno);
                    }
                }
            }
        } finally {
            listener.release();
        }
    }
}
