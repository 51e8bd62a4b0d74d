package io.salvo.internal.linux;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.StreamCounters;
import io.salvo.stream.BrokenPipeException;
import io.salvo.stream.ConnectionResetException;
import io.salvo.stream.StreamStats;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

import static io.salvo.internal.linux.NativeLayouts.IOV_BASE;
import static io.salvo.internal.linux.NativeLayouts.IOV_LEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROL;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROLLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_FLAGS;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOV;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOVLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAME;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAMELEN;
import static io.salvo.internal.linux.StreamDirection.IOV_STRIDE;

/**
 * A connected stream socket (TCP or Unix) over FFM: {@code read}/{@code readv} into buffers'
 * tailrooms, {@code send}/{@code sendmsg} with {@code MSG_NOSIGNAL} from their payloads. Shared by
 * the TCP and Unix stream transports, which add their options and addressing.
 *
 * <p>Each call holds the socket ({@link NativeSocket#acquire()}) and its direction's scratch for its
 * duration, so a close from another thread is safe: the descriptor is closed and the memory freed
 * only after the call has left, and a call that raced with the close reports
 * {@link ClosedChannelException} rather than the end of stream the close's shutdown caused.
 */
public abstract class NativeStreamTransport implements StreamTransport, NativeSocketHolder {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int SEND_FLAGS = LinuxConstants.MSG_NOSIGNAL | LinuxConstants.MSG_DONTWAIT;
    private static final int RECV_FLAGS = LinuxConstants.MSG_DONTWAIT;

    protected final NativeSocket socket;
    protected final StreamCounters counters = new StreamCounters();
    private final StreamDirection rx;
    private final StreamDirection tx;
    private final SocketAddress local;
    private final SocketAddress remote;
    /** SO_RCVTIMEO as last set (0: none, the kernel's default of waiting forever). Reading thread only. */
    private long receiveTimeoutMicros;

    /**
     * Takes over a connected socket and puts its descriptor in blocking mode: every call but
     * {@link #read(DatagramBuffer, long)} passes {@code MSG_DONTWAIT}, so none of them blocks, while
     * that one can sleep in the kernel.
     */
    protected NativeStreamTransport(NativeSocket socket, SocketAddress local, SocketAddress remote) throws IOException {
        socket.control((fd, capture) -> {
            int flags = LibC.fcntl(capture, fd, LinuxConstants.F_GETFL, 0);
            if (flags < 0 || LibC.fcntl(capture, fd, LinuxConstants.F_SETFL, flags & ~LinuxConstants.O_NONBLOCK) < 0) {
                throw Errno.exception("fcntl(O_NONBLOCK)", LibC.errno(capture));
            }
            return null;
        });
        this.socket = socket;
        this.local = local;
        this.remote = remote;
        this.rx = new StreamDirection(socket, "reading");
        this.tx = new StreamDirection(socket, "writing");
    }

    // ---------------------------------------------------------------- read

    @Override
    public int read(DatagramBuffer buffer) throws IOException {
        return receive(buffer, RECV_FLAGS, "recv");
    }

    /**
     * One {@code recv(2)} that sleeps in the kernel until bytes arrive (the socket's descriptor is
     * in blocking mode; every other call passes {@code MSG_DONTWAIT}), with {@code SO_RCVTIMEO} as
     * the timeout, set only when it changes: a blocked request/response reader pays one system
     * call per read instead of a {@code poll} and a {@code read}. Closing the transport from another
     * thread wakes it ({@link ClosedChannelException}).
     */
    @Override
    public int read(DatagramBuffer buffer, long timeoutNanos) throws IOException {
        if (timeoutNanos <= 0) {
            return read(buffer);
        }
        int fd = socket.acquire();
        rx.enter();
        try {
            long micros = timeoutNanos >= Long.MAX_VALUE / 2 ? 0 : Math.max(1, (timeoutNanos + 999) / 1000);
            if (micros != receiveTimeoutMicros) {
                MemorySegment tv = rx.timeval;
                tv.set(LONG, 0, micros / 1_000_000);
                tv.set(LONG, 8, micros % 1_000_000);
                if (LibC.setsockopt(rx.capture, fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO, tv,
                        (int) tv.byteSize()) < 0) {
                    throw failure("setsockopt(SO_RCVTIMEO)", LibC.errno(rx.capture));
                }
                receiveTimeoutMicros = micros;
            }
        } finally {
            rx.exit();
            socket.release();
        }
        return receive(buffer, 0, "recv"); // EAGAIN now means the timeout passed: 0, as documented
    }

    private int receive(DatagramBuffer buffer, int flags, String call) throws IOException {
        int room = buffer.size() - buffer.end();
        int fd = socket.acquire(); // first, so a closed transport throws even for a full buffer
        rx.enter();
        try {
            if (room == 0) {
                return 0;
            }
            long rc;
            do {
                rc = LibC.recvAt(rx.capture, fd, buffer.segment().address() + buffer.end(), room, flags);
            } while (rc < 0 && LibC.errno(rx.capture) == Errno.EINTR);
            if (rc > 0) {
                counters.read(rc);
                buffer.setLength(buffer.length() + (int) rc);
                return (int) rc;
            }
            return (int) readEnded(rc, LibC.errno(rx.capture), call);
        } finally {
            rx.exit();
            socket.release();
        }
    }

    @Override
    public long read(DatagramBuffer[] buffers, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, buffers.length);
        int n = Math.min(count, LinuxConstants.UIO_MAXIOV);
        int fd = socket.acquire();
        rx.enter();
        try {
            rx.ensureIovecs(Math.max(1, n));
            MemorySegment iovs = rx.iovs;
            long room = 0;
            for (int i = 0; i < n; i++) {
                DatagramBuffer b = buffers[offset + i];
                iovs.set(LONG, i * IOV_STRIDE + IOV_BASE, b.segment().address() + b.end());
                iovs.set(LONG, i * IOV_STRIDE + IOV_LEN, b.size() - b.end());
                room += b.size() - b.end();
            }
            if (room == 0) {
                return 0;
            }
            MemorySegment msg = rx.msghdr;
            msg.set(LONG, MSG_NAME, 0L);
            msg.set(INT, MSG_NAMELEN, 0);
            msg.set(LONG, MSG_IOV, iovs.address());
            msg.set(LONG, MSG_IOVLEN, n);
            msg.set(LONG, MSG_CONTROL, 0L);
            msg.set(LONG, MSG_CONTROLLEN, 0L);
            msg.set(INT, MSG_FLAGS, 0);
            long rc;
            do {
                rc = LibC.recvmsg(rx.capture, fd, msg, RECV_FLAGS);
            } while (rc < 0 && LibC.errno(rx.capture) == Errno.EINTR);
            if (rc > 0) {
                counters.read(rc);
                long left = rc;
                for (int i = 0; i < n && left > 0; i++) {
                    DatagramBuffer b = buffers[offset + i];
                    int got = (int) Math.min(left, b.size() - b.end());
                    b.setLength(b.length() + got);
                    left -= got;
                }
                return rc;
            }
            return readEnded(rc, LibC.errno(rx.capture), "recvmsg");
        } finally {
            rx.exit();
            socket.release();
        }
    }

    /** A read that returned 0 (end of stream) or failed: the value to return, or the exception. */
    private long readEnded(long rc, int errno, String call) throws IOException {
        if (rc == 0) {
            if (!socket.isOpen()) {
                throw new ClosedChannelException(); // the end of stream came from our own close's shutdown
            }
            counters.read(0);
            counters.endOfStream();
            return -1;
        }
        if (errno == Errno.EAGAIN) {
            counters.read(0);
            return 0;
        }
        throw failure(call, errno);
    }

    // ---------------------------------------------------------------- write

    @Override
    public int write(DatagramBuffer buffer) throws IOException {
        int length = buffer.length();
        int fd = socket.acquire(); // first, so a closed transport throws even for an empty buffer
        tx.enter();
        try {
            if (length == 0) {
                return 0;
            }
            long rc;
            do {
                rc = LibC.sendAt(tx.capture, fd, buffer.segment().address() + buffer.start(), length, SEND_FLAGS);
            } while (rc < 0 && LibC.errno(tx.capture) == Errno.EINTR);
            if (rc >= 0) {
                counters.wrote(rc);
                buffer.advance((int) rc);
                return (int) rc;
            }
            return (int) writeFailed(LibC.errno(tx.capture), "send");
        } finally {
            tx.exit();
            socket.release();
        }
    }

    @Override
    public long write(DatagramBuffer[] buffers, int offset, int count) throws IOException {
        return write(buffers, offset, count, false);
    }

    @Override
    public long write(DatagramBuffer[] buffers, int offset, int count, boolean more) throws IOException {
        Objects.checkFromIndexSize(offset, count, buffers.length);
        int n = Math.min(count, LinuxConstants.UIO_MAXIOV);
        int fd = socket.acquire();
        tx.enter();
        try {
            tx.ensureIovecs(Math.max(1, n));
            MemorySegment iovs = tx.iovs;
            long total = 0;
            for (int i = 0; i < n; i++) {
                DatagramBuffer b = buffers[offset + i];
                iovs.set(LONG, i * IOV_STRIDE + IOV_BASE, b.segment().address() + b.start());
                iovs.set(LONG, i * IOV_STRIDE + IOV_LEN, b.length());
                total += b.length();
            }
            if (total == 0) {
                return 0;
            }
            MemorySegment msg = tx.msghdr;
            msg.set(LONG, MSG_NAME, 0L);
            msg.set(INT, MSG_NAMELEN, 0);
            msg.set(LONG, MSG_IOV, iovs.address());
            msg.set(LONG, MSG_IOVLEN, n);
            msg.set(LONG, MSG_CONTROL, 0L);
            msg.set(LONG, MSG_CONTROLLEN, 0L);
            msg.set(INT, MSG_FLAGS, 0);
            // More buffers than one call takes: the rest follows at once, so hold partial segments.
            int flags = SEND_FLAGS | (more || n < count ? LinuxConstants.MSG_MORE : 0);
            long rc;
            do {
                rc = LibC.sendmsg(tx.capture, fd, msg, flags);
            } while (rc < 0 && LibC.errno(tx.capture) == Errno.EINTR);
            if (rc < 0) {
                return writeFailed(LibC.errno(tx.capture), "sendmsg");
            }
            counters.wrote(rc);
            long left = rc;
            for (int i = 0; i < n && left > 0; i++) {
                DatagramBuffer b = buffers[offset + i];
                int took = (int) Math.min(left, b.length());
                b.advance(took);
                left -= took;
            }
            return rc;
        } finally {
            tx.exit();
            socket.release();
        }
    }

    private long writeFailed(int errno, String call) throws IOException {
        if (errno == Errno.EAGAIN) {
            counters.wrote(0);
            return 0;
        }
        throw failure(call, errno);
    }

    /** Maps a failed read or write to its exception and counts it. */
    private IOException failure(String call, int errno) {
        if (!socket.isOpen() || errno == Errno.EBADF) {
            return new ClosedChannelException();
        }
        String text = call + " on " + local + " <-> " + remote + " failed: " + Errno.name(errno) + " ("
                + LibC.strerror(errno) + ")";
        return switch (errno) {
            case Errno.ECONNRESET -> {
                counters.reset();
                yield new ConnectionResetException(text);
            }
            case Errno.EPIPE -> {
                counters.brokenPipe();
                yield new BrokenPipeException(text);
            }
            case Errno.ETIMEDOUT -> {
                counters.timeout();
                yield new SocketTimeoutException(text);
            }
            default -> Errno.exception(call, errno);
        };
    }

    // ---------------------------------------------------------------- control

    @Override
    public void shutdownOutput() throws IOException {
        socket.control((fd, capture) -> {
            if (LibC.shutdown(capture, fd, LinuxConstants.SHUT_WR) < 0 && LibC.errno(capture) != Errno.ENOTCONN) {
                throw Errno.exception("shutdown(SHUT_WR)", LibC.errno(capture));
            }
            return null;
        });
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return awaitReady(rx, LinuxConstants.POLLIN, timeoutNanos);
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        return awaitReady(tx, LinuxConstants.POLLOUT, timeoutNanos);
    }

    /** poll(2) with the direction's own scratch; errors and hang-ups count as ready (the next call reports them). */
    private boolean awaitReady(StreamDirection d, int events, long timeoutNanos) throws IOException {
        d.enter();
        try {
            return PollOnce.onSocket(socket, d.pollfd, d.capture, events, timeoutNanos);
        } finally {
            d.exit();
        }
    }

    @Override
    public NativeSocket nativeSocket() {
        return socket;
    }

    @Override
    public StreamStats stats() {
        return counters.snapshot();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        SalvoEvents.closed(this);
        socket.close();
    }
}
