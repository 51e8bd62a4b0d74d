package io.salvo.internal.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.salvo.internal.linux.NativeLayouts.IOVEC;
import static io.salvo.internal.linux.NativeLayouts.MMSGHDR;

/**
 * The native arrays handed to {@code recvmmsg}/{@code sendmmsg}: {@code mmsghdr}s, one
 * {@code iovec} each, a control-message area each, an address area each, and the errno capture
 * segment. Allocated on first use for the batch size seen, grown (rarely) up to
 * {@link LinuxConstants#UIO_MAXIOV}, freed with their arena: a socket's (its send side, GRO and
 * single receives) or a batch's (batch receives, see {@code BatchState.receiveVector}). The fixed
 * links (each header's iovec and control pointers) are written once; per call only the fields the
 * kernel changes and the buffer pointers are rewritten.
 *
 * <p>One vector serves one thread at a time; {@link #enter()} turns concurrent use of one
 * direction into a {@link ConcurrentModificationException} instead of corrupted headers.
 */
final class MessageVector {

    static final long MSG_STRIDE = MMSGHDR.byteSize();
    static final long IOV_STRIDE = IOVEC.byteSize();
    static final long NAME_STRIDE = NativeLayouts.SOCKADDR_STORAGE.byteSize();

    private final java.lang.foreign.Arena arena;
    private final long controlStride;
    private final String direction;
    private final AtomicBoolean busy = new AtomicBoolean();
    final MemorySegment capture;
    /** One {@code struct pollfd} for readiness waits in this direction. */
    final MemorySegment pollfd;
    MemorySegment msgs;
    MemorySegment iovs;
    MemorySegment controls;
    MemorySegment names;
    int capacity;

    // What the receive headers were last armed for (see NativeDatagramTransport's receive): with the
    // same batch, first slot and options, a header keeps its buffer, name and control pointers, and
    // only headers the kernel wrote into since (below armedDirty) need their lengths and flags reset.
    private Object armedBatch;
    private int armedFrom = -1;
    private boolean armedSources;
    private long armedControl;
    /** The buffer each header's iovec points into, by header index. */
    Object[] armedBuffers = new Object[0];
    /** Headers below this index may hold lengths or flags the kernel wrote. */
    private int armedDirty;

    MessageVector(NativeSocket socket, long controlStride, String direction) {
        this(socket.arena(), controlStride, direction);
    }

    /** Vectors in {@code arena}, freed with it. */
    MessageVector(java.lang.foreign.Arena arena, long controlStride, String direction) {
        this.arena = arena;
        this.controlStride = controlStride;
        this.direction = direction;
        this.capture = LibC.newCaptureState(arena);
        this.pollfd = arena.allocate(NativeLayouts.POLLFD);
    }

    long controlStride() {
        return controlStride;
    }

    void enter() {
        if (!busy.compareAndSet(false, true)) {
            throw new ConcurrentModificationException("two threads are " + direction + " on one socket at once");
        }
    }

    void exit() {
        busy.set(false);
    }

    /** Makes room for {@code n} messages (n at most UIO_MAXIOV). */
    void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int cap = Math.min(LinuxConstants.UIO_MAXIOV, Math.max(n, Integer.highestOneBit(Math.max(1, n - 1)) << 1));
        // Earlier, smaller arrays stay allocated until the arena closes: at most ten growths, bounded waste.
        msgs = arena.allocate(MSG_STRIDE * cap, 8);
        iovs = arena.allocate(IOV_STRIDE * cap, 8);
        controls = controlStride == 0 ? MemorySegment.NULL : arena.allocate(controlStride * cap, 8);
        names = arena.allocate(NAME_STRIDE * cap, 8);
        long iovBase = iovs.address();
        for (int i = 0; i < cap; i++) {
            long m = i * MSG_STRIDE;
            msgs.set(ValueLayout.JAVA_LONG, m + NativeLayouts.MSG_IOV, iovBase + i * IOV_STRIDE);
            msgs.set(ValueLayout.JAVA_LONG, m + NativeLayouts.MSG_IOVLEN, 1L);
        }
        capacity = cap;
        armedBuffers = new Object[cap];
        disarm();
    }

    /**
     * True when the headers are still armed for receiving into {@code batch} from {@code from} with
     * or without sources and with {@code control} bytes of control room; otherwise records the new
     * key and returns false, and every header must be armed afresh.
     */
    boolean armedFor(Object batch, int from, boolean sources, long control) {
        if (batch == armedBatch && from == armedFrom && sources == armedSources && control == armedControl) {
            return true;
        }
        java.util.Arrays.fill(armedBuffers, null);
        armedBatch = batch;
        armedFrom = from;
        armedSources = sources;
        armedControl = control;
        armedDirty = 0;
        return false;
    }

    /** Whether header {@code i} may hold lengths or flags written by the kernel since it was armed. */
    boolean dirty(int i) {
        return i < armedDirty;
    }

    /**
     * Records a receive over the first {@code n} headers that returned {@code rc}: the first
     * {@code rc} headers (all {@code n} after an error) hold kernel-written fields; headers past
     * {@code n} keep whatever state they had.
     */
    void received(int n, int rc) {
        int touched = rc < 0 ? n : rc;
        armedDirty = armedDirty > n ? Math.max(armedDirty, touched) : touched;
    }

    /** Forgets the armed state: some other path wrote the headers. */
    void disarm() {
        armedBatch = null;
        armedFrom = -1;
    }

    /**
     * One {@code recvmmsg} over the first {@code n} headers, retried on EINTR, counted as a receive
     * call. Returns the kernel's result: messages received, or -1 with errno in {@link #capture}.
     */
    int recvmmsg(int fd, int n, int flags, io.salvo.internal.StatsRecorder stats) {
        int rc;
        do {
            stats.receiveCall();
            rc = LibC.recvmmsg(capture, fd, msgs, n, flags, MemorySegment.NULL);
        } while (rc < 0 && LibC.errno(capture) == Errno.EINTR);
        return rc;
    }

    long controlAddress(int i) {
        return controls.address() + i * controlStride;
    }
}
