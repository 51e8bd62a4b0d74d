package io.salvo.internal.linux;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchAccess;
import io.salvo.internal.packet.BatchState;
import io.salvo.internal.packet.GroReceiveArea;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

import static io.salvo.internal.linux.LinuxConstants.MSG_DONTWAIT;
import static io.salvo.internal.linux.LinuxConstants.MSG_NOSIGNAL;
import static io.salvo.internal.linux.LinuxConstants.MSG_TRUNC;
import static io.salvo.internal.linux.LinuxConstants.MSG_WAITFORONE;
import static io.salvo.internal.linux.LinuxConstants.UIO_MAXIOV;
import static io.salvo.internal.linux.MessageVector.MSG_STRIDE;
import static io.salvo.internal.linux.MessageVector.NAME_STRIDE;
import static io.salvo.internal.linux.NativeLayouts.IOV_BASE;
import static io.salvo.internal.linux.NativeLayouts.IOV_LEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROL;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROLLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_FLAGS;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAME;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAMELEN;

/**
 * The datagram transport over a native socket: {@code recvmmsg}/{@code sendmmsg} into and out of
 * a {@link PacketBatch} without allocating. Shared by the UDP and Unix datagram transports, which
 * add their own options and addressing.
 *
 * <p>Each call holds the socket ({@link NativeSocket#acquire()}) and the direction's
 * {@link MessageVector} for its duration, so closing from another thread is safe. Errors follow the
 * contract of {@link DatagramTransport}: would-block and per-destination failures are statuses and
 * counters, a dead socket throws.
 */
public abstract class NativeDatagramTransport implements DatagramTransport, NativeSocketHolder {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int RECV_FLAGS = MSG_DONTWAIT | MSG_WAITFORONE | MSG_TRUNC;
    private static final int SEND_FLAGS = MSG_DONTWAIT | MSG_NOSIGNAL;

    protected final NativeSocket socket;
    protected final StatsRecorder stats = new StatsRecorder();
    private final MessageVector rx;
    private final MessageVector tx;
    private final BatchSender sender;
    /** The GRO receive path and what it holds for this transport. */
    private final GroReceiver groReceiver;
    private final BatchReceiver batchReceiver;
    protected volatile boolean connected;
    /** Traffic class / TOS bits (without ECN) set on the socket, combined with per-slot ECN on send. */
    protected volatile int trafficClassBase;
    /** Whether per-slot control messages (ECN, GSO, source address) may be sent. */
    protected volatile boolean sendControl = true;
    /** Whether sendBatch turns runs of equal-size slots to one peer into GSO messages (needs kernel GSO). */
    protected volatile boolean gsoCoalescing;
    /** Whether the socket receives with UDP_GRO, so receives split super-buffers into datagrams. */
    protected volatile boolean receiveGro;
    /** A path limit nobody knows: no cap. */
    protected static final int UNKNOWN_PATH_LIMIT = PathLimits.UNKNOWN;
    /** Largest GSO segment payload for the connected path ({@link #UNKNOWN_PATH_LIMIT} when none). */
    protected volatile int connectedPathLimit = UNKNOWN_PATH_LIMIT;
    /** Bumped after {@link #connectedPathLimit} changes; the sender re-reads it on its next call. */
    protected volatile int pathEpoch;
    /** One-slot batch through which {@link #recv} splits GRO super-buffers; made on first use. */
    private BatchState singleGro;
    private SocketAddress lastTarget;
    private int lastTargetLength;

    /** @param receiveControl whether receives ask for control messages (room for all Salvo reads) */
    protected NativeDatagramTransport(NativeSocket socket, boolean receiveControl) {
        this(socket, receiveControl ? ControlMessages.RECEIVE_SPACE : 0);
    }

    /** @param receiveControlSpace bytes of control-message room per received message; 0 asks for none */
    protected NativeDatagramTransport(NativeSocket socket, long receiveControlSpace) {
        if (receiveControlSpace < 0 || receiveControlSpace > ControlMessages.RECEIVE_SPACE) {
            throw new IllegalArgumentException("control space must be 0.." + ControlMessages.RECEIVE_SPACE + ", got "
                    + receiveControlSpace); // a batch's receive headers have that much room per message
        }
        this.socket = socket;
        this.rx = new MessageVector(socket, receiveControlSpace, "receiving");
        this.tx = new MessageVector(socket, ControlMessages.SEND_SPACE, "sending");
        this.sender = new BatchSender(this, tx, stats);
        this.batchReceiver = new BatchReceiver(stats, receiveControlSpace);
        this.groReceiver = new GroReceiver(this, stats);
    }

    // ---------------------------------------------------------------- receive

    @Override
    public int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return receiveInto(batch, fromSlot, maxCount, true);
    }

    /** Like {@link #recvBatch} but asks the kernel for no source addresses: a little cheaper per datagram. */
    @Override
    public int recvBatchWithoutSources(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return receiveInto(batch, fromSlot, maxCount, false);
    }

    private int receiveInto(PacketBatch batch, int fromSlot, int maxCount, boolean wantSources) throws IOException {
        BatchState b = BatchAccess.state(batch);
        int limit = b.receiveLimit(fromSlot, maxCount);
        b.enterIo();
        try {
            int fd = socket.acquire();
            rx.enter();
            try {
                if (receiveGro) {
                    int n = groReceiver.receive(rx, b, fd, fromSlot, limit, wantSources);
                    return n >= 0 ? n : receiveError(LibC.errno(rx.capture));
                }
                b.showOwnBuffers(fromSlot);
                int n = batchReceiver.receive(b, fd, fromSlot, Math.min(limit, UIO_MAXIOV), wantSources);
                return n >= 0 ? n : receiveError(BatchReceiver.errno(b));
            } finally {
                rx.exit();
                socket.release();
            }
        } finally {
            b.exitIo();
        }
    }

    private int receiveError(int errno) throws IOException {
        switch (errno) {
            case Errno.EAGAIN:
                return 0;
            case Errno.ECONNREFUSED:
                // A connected socket learnt from ICMP that an earlier datagram was refused: counted, not fatal.
                stats.drop(DropCause.REFUSED, 1);
                return 0;
            default:
                throw failure("recvmmsg", errno);
        }
    }

    @Override
    public SocketAddress recv(DatagramBuffer buffer) throws IOException {
        int fd = socket.acquire();
        rx.enter();
        try {
            if (receiveGro) {
                return receiveOneFromGro(buffer, fd);
            }
            MessageVector v = rx;
            v.ensure(1);
            v.disarm(); // this path arms header 0 its own way
            MemorySegment msgs = v.msgs;
            buffer.reset();
            v.iovs.set(LONG, IOV_BASE, buffer.segment().address() + buffer.start());
            v.iovs.set(LONG, IOV_LEN, buffer.size() - buffer.start());
            msgs.set(LONG, NativeLayouts.MSG_IOV, v.iovs.address());
            msgs.set(LONG, NativeLayouts.MSG_IOVLEN, 1L);
            msgs.set(LONG, MSG_NAME, v.names.address());
            msgs.set(INT, MSG_NAMELEN, (int) NAME_STRIDE);
            msgs.set(LONG, MSG_CONTROL, 0L);
            msgs.set(LONG, MSG_CONTROLLEN, 0L);
            msgs.set(INT, MSG_FLAGS, 0);
            long rc;
            do {
                stats.receiveCall();
                rc = LibC.recvmsg(v.capture, fd, msgs, RECV_FLAGS & ~MSG_WAITFORONE);
            } while (rc < 0 && LibC.errno(v.capture) == Errno.EINTR);
            if (rc < 0) {
                receiveError(LibC.errno(v.capture));
                return null;
            }
            int length = (int) rc;
            int got = Math.min(length, buffer.size() - buffer.start());
            buffer.setLength(got);
            stats.received(1, got);
            if (length > got) {
                stats.drop(DropCause.TRUNCATED, 1);
            }
            return decodeSource(v.names, msgs.get(INT, MSG_NAMELEN));
        } finally {
            rx.exit();
            socket.release();
        }
    }

    /**
     * recv() on a GRO socket: the next datagram held or of a new super-buffer, copied into the
     * caller's buffer (this convenience path copies; {@link #recvBatch} hands out views).
     */
    private SocketAddress receiveOneFromGro(DatagramBuffer buffer, int fd) throws IOException {
        if (singleGro == null) {
            // Its own buffer takes a whole datagram copied from another batch's held super-buffer.
            BatchState s = new BatchState(1, GroReceiveArea.MESSAGE_BYTES, 0);
            socket.onDestroy(s::close);
            singleGro = s;
        }
        buffer.reset();
        int n = groReceiver.receive(rx, singleGro, fd, 0, 1, true);
        if (n <= 0) {
            if (n < 0) {
                receiveError(LibC.errno(rx.capture));
            }
            return null;
        }
        DatagramBuffer view = singleGro.buffers[0];
        int got = Math.min(view.length(), buffer.size() - buffer.start());
        MemorySegment.copy(view.segment(), view.start(), buffer.segment(), buffer.start(), got);
        buffer.setLength(got);
        if (got < view.length()) {
            stats.drop(DropCause.TRUNCATED, 1);
        }
        return decodeSource(singleGro.names, singleGro.nameLengths[0]);
    }

    /** Turns a kernel-written source address into the address object callers see. */
    protected SocketAddress decodeSource(MemorySegment name, int length) {
        return SocketAddressCodec.decode(name, 0, length);
    }

    // ---------------------------------------------------------------- send

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return sendOne(buffer, target, false);
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return sendOne(buffer, target, true);
    }

    private SendStatus sendOne(DatagramBuffer buffer, SocketAddress target, boolean callerRetries) throws IOException {
        int fd = socket.acquire();
        tx.enter();
        try {
            MessageVector v = tx;
            v.ensure(1);
            MemorySegment msgs = v.msgs;
            v.iovs.set(LONG, IOV_BASE, buffer.segment().address() + buffer.start());
            v.iovs.set(LONG, IOV_LEN, buffer.length());
            msgs.set(LONG, NativeLayouts.MSG_IOV, v.iovs.address());
            msgs.set(LONG, NativeLayouts.MSG_IOVLEN, 1L);
            if (target == null) {
                msgs.set(LONG, MSG_NAME, 0L);
                msgs.set(INT, MSG_NAMELEN, 0);
            } else {
                // Re-encode only when the target changes: a stream to one peer allocates nothing.
                if (!target.equals(lastTarget)) {
                    lastTargetLength = encodeTarget(target, v.names, 0);
                    lastTarget = target;
                }
                msgs.set(LONG, MSG_NAME, v.names.address());
                msgs.set(INT, MSG_NAMELEN, lastTargetLength);
            }
            msgs.set(LONG, MSG_CONTROL, 0L);
            msgs.set(LONG, MSG_CONTROLLEN, 0L);
            long rc;
            do {
                stats.sendCall();
                rc = LibC.sendmsg(v.capture, fd, msgs, SEND_FLAGS);
            } while (rc < 0 && LibC.errno(v.capture) == Errno.EINTR);
            if (rc >= 0) {
                stats.sent(1, buffer.length());
                return SendStatus.SENT;
            }
            int errno = LibC.errno(v.capture);
            SendStatus s = sendErrorStatus(errno);
            if (s == null) {
                throw failure("sendmsg", errno);
            }
            if (s == SendStatus.WOULD_BLOCK && callerRetries) {
                stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
            } else {
                stats.drop(s.dropCause(), 1);
            }
            return s;
        } finally {
            tx.exit();
            socket.release();
        }
    }

    /** Encodes a destination for this socket's family; UDP maps IPv4 for dual-stack IPv6 sockets. */
    protected int encodeTarget(SocketAddress target, MemorySegment seg, long offset) {
        return SocketAddressCodec.encode(target, seg, offset);
    }

    @Override
    public int sendBatch(PacketBatch batch) throws IOException {
        BatchState b = BatchAccess.state(batch);
        b.enterIo();
        try {
            int fd = socket.acquire();
            tx.enter();
            try {
                return sender.send(b, fd, connected, sendControl, gsoCoalescing);
            } finally {
                tx.exit();
                socket.release();
            }
        } finally {
            b.exitIo();
        }
    }

    /**
     * Caps the GSO segments of every destination, e.g. at the bound device's MTU less headers.
     * Call before the transport is published to other threads.
     */
    protected void capGsoSegments(int maxPayload) {
        sender.capAllSegments(maxPayload);
    }

    /** Records the connected path's largest GSO segment payload; picked up by the next send. */
    protected void connectedPathChanged(int maxPayload) {
        connectedPathLimit = maxPayload;
        pathEpoch++;
    }

    /**
     * The connected path's current largest datagram payload as the kernel knows it (it may have
     * dropped since connect, after an ICMP "fragmentation needed"); {@link #UNKNOWN_PATH_LIMIT} when
     * the socket cannot tell. Called on the send path after an {@code EMSGSIZE}.
     */
    protected int connectedPathMaxPayload() {
        return UNKNOWN_PATH_LIMIT;
    }

    /** True once the kernel refused GSO on every path this socket sends on; the capability report says so. */
    protected boolean gsoRefusedEverywhere() {
        return sender.gsoRefusedEverywhere(connected);
    }

    /** Whether a slot's datagram leaves over IPv4 (decides the level of its control messages). */
    protected boolean sendsOverIpv4(BatchState b, int slot) {
        return false;
    }

    /**
     * Sends one payload to many destinations in as few {@code sendmmsg} calls as possible, every
     * message pointing at the same {@code iovec}. Stops at a full send buffer.
     *
     * @return how many destinations were sent to, in order from the first
     */
    public int multiTargetSend(DatagramBuffer payload, SocketAddress... targets) throws IOException {
        int fd = socket.acquire();
        tx.enter();
        try {
            MessageVector v = tx;
            lastTarget = null; // the address area is reused below
            int done = 0;
            while (done < targets.length) {
                int n = Math.min(targets.length - done, UIO_MAXIOV);
                v.ensure(n);
                MemorySegment msgs = v.msgs;
                long sharedIov = v.iovs.address();
                v.iovs.set(LONG, IOV_BASE, payload.segment().address() + payload.start());
                v.iovs.set(LONG, IOV_LEN, payload.length());
                for (int j = 0; j < n; j++) {
                    long m = j * MSG_STRIDE;
                    int len = encodeTarget(targets[done + j], v.names, j * NAME_STRIDE);
                    msgs.set(LONG, m + MSG_NAME, v.names.address() + j * NAME_STRIDE);
                    msgs.set(INT, m + MSG_NAMELEN, len);
                    msgs.set(LONG, m + NativeLayouts.MSG_IOV, sharedIov);
                    msgs.set(LONG, m + NativeLayouts.MSG_IOVLEN, 1L);
                    msgs.set(LONG, m + MSG_CONTROL, 0L);
                    msgs.set(LONG, m + MSG_CONTROLLEN, 0L);
                }
                stats.sendCall();
                int rc = LibC.sendmmsg(v.capture, fd, msgs, n, SEND_FLAGS);
                if (rc > 0) {
                    done += rc;
                    stats.sent(rc, (long) rc * payload.length());
                    continue;
                }
                int errno = LibC.errno(v.capture);
                if (errno == Errno.EINTR) {
                    continue;
                }
                SendStatus s = sendErrorStatus(errno);
                if (s == null) {
                    throw failure("sendmmsg", errno);
                }
                if (s == SendStatus.WOULD_BLOCK) {
                    stats.event(TransportEvent.SEND_BUFFER_FULL, 1); // the rest are the caller's to resend
                    break;
                }
                stats.drop(s.dropCause(), 1);
                done++; // that destination failed; go on with the others
            }
            return done;
        } finally {
            tx.exit();
            socket.release();
        }
    }

    /** Maps a send errno to a per-datagram status, or null when the socket itself is broken. */
    static SendStatus sendErrorStatus(int errno) {
        return switch (errno) {
            case Errno.EAGAIN, Errno.ENOBUFS -> SendStatus.WOULD_BLOCK;
            case Errno.ECONNREFUSED -> SendStatus.REFUSED;
            case Errno.EMSGSIZE -> SendStatus.MESSAGE_TOO_LARGE;
            case Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.EADDRNOTAVAIL, Errno.ENOENT -> SendStatus.UNREACHABLE;
            case Errno.EACCES, Errno.EPERM -> SendStatus.ACCESS_DENIED;
            case Errno.EAFNOSUPPORT, Errno.EDESTADDRREQ, Errno.ENOTCONN -> SendStatus.BAD_DESTINATION;
            case Errno.EINVAL, Errno.EIO, Errno.EISCONN ->
                    SendStatus.FAILED;
            default -> null;
        };
    }

    IOException failure(String call, int errno) {
        if (!socket.isOpen() || errno == Errno.EBADF) {
            return new ClosedChannelException();
        }
        return Errno.exception(call, errno);
    }

    // ---------------------------------------------------------------- readiness

    @Override
    public NativeSocket nativeSocket() {
        return socket;
    }

    /** True while a batch holds datagrams of a GRO super-buffer this transport read but has not delivered. */
    @Override
    public boolean holdsReceivedDatagrams() {
        return receiveGro && socket.isOpen() && groReceiver.holdsDatagrams();
    }

    /** Returns at once while this transport {@link #holdsReceivedDatagrams() holds datagrams}, else poll(2). */
    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        if (holdsReceivedDatagrams()) {
            return true; // the kernel no longer reports what was read into the batch's area
        }
        return awaitReady(rx, LinuxConstants.POLLIN, timeoutNanos);
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        return awaitReady(tx, LinuxConstants.POLLOUT, timeoutNanos);
    }

    /**
     * poll(2) on the descriptor, using the direction's own scratch so receive and send waits can run
     * at once. Millisecond granularity (rounded up); a closed socket wakes the waiter at once.
     */
    private boolean awaitReady(MessageVector v, int events, long timeoutNanos) throws IOException {
        v.enter();
        try {
            return PollOnce.onSocket(socket, v.pollfd, v.capture, events, timeoutNanos);
        } finally {
            v.exit();
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    public SocketStats stats() {
        // The kernel's drop count, read now: SO_RXQ_OVFL only reports it on the next datagram received.
        long kernelDrops = SocketCalls.receiveQueueDrops(socket);
        if (kernelDrops >= 0) {
            stats.dropTotalFromKernel(DropCause.KERNEL_RECEIVE_OVERFLOW, kernelDrops);
        }
        return stats.snapshot();
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

    @Override
    public abstract Capabilities capabilities();
}
