package io.salvo.internal.packet;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.SocketAddressCodec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage behind a {@link io.salvo.packet.PacketBatch}, shared with the transports: payload
 * buffers, per-slot addresses in native {@code sockaddr} form and per-slot metadata in plain arrays.
 * Nothing here is per-packet objects, so filling and reading a batch allocates nothing.
 *
 * <p>Transports bracket each call with {@link #enterIo()}/{@link #exitIo()}: a batch in use by an
 * I/O call cannot be closed (the kernel may be writing into its memory) nor used by a second call.
 */
public final class BatchState {

    public static final int FLAG_TRUNCATED = 1;
    public static final int FLAG_CONTROL_TRUNCATED = 2;

    /** Bytes per slot in {@link #names}: a whole {@code sockaddr_storage}. */
    public static final int NAME_STRIDE = SocketAddressCodec.SOCKADDR_STORAGE_SIZE;
    /** Bytes per slot in {@link #localAddresses}: a {@code sockaddr_in6} rounded up. */
    public static final int LOCAL_STRIDE = 32;

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    public final Arena arena;
    public final int slots;
    public final DatagramBuffer[] buffers;
    /** Peer address per slot: the source on receive, the destination on send. */
    public final MemorySegment names;
    public final int[] nameLengths;
    /** Local address per slot: the destination on receive (pktinfo), the source to use on send. */
    public final MemorySegment localAddresses;
    public final int[] lengths;
    public final int[] flags;
    public final int[] interfaceIndex;
    public final int[] segmentSize;
    public final byte[] ecn;
    public final byte[] sendStatus;
    public final long[] timestampNanos;
    /** Slots holding datagrams: filled by a receive, or by the caller before a send. */
    public int count;
    /** First slot a send has not yet attempted. */
    public int sendCursor;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** GRO receive area, made on the first GRO receive; null until then. */
    private GroReceiveArea gro;
    /**
     * The native transport's receive headers for this batch (a {@code MessageVector} of
     * {@code internal.linux}, kept as an Object so this package does not depend on that one), made
     * in this batch's arena on the first native receive and freed with it. Held by the batch, not
     * by each socket: a poller sharing one batch among thousands of sockets keeps one warm set of
     * headers instead of a cold set per socket.
     */
    public Object receiveVector;

    /** Most slots a batch may have (a system call takes at most 1,024; more only serve repeated calls). */
    public static final int MAX_SLOTS = 65_536;
    /** Most bytes a buffer may hold (headroom included): a UDP datagram is at most 65,535. */
    public static final int MAX_BUFFER_BYTES = 1 << 20;
    /** Most native memory one batch's buffers may take. */
    public static final long MAX_BATCH_BYTES = 1L << 30;

    public BatchState(int slots, int bufferCapacity, int headroom) {
        if (slots <= 0 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("a batch has 1.." + MAX_SLOTS + " slots, got " + slots);
        }
        if (bufferCapacity <= 0 || headroom < 0 || (long) bufferCapacity + headroom > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("a buffer holds 1.." + MAX_BUFFER_BYTES + " bytes with its headroom; got "
                    + "capacity " + bufferCapacity + " and headroom " + headroom);
        }
        if ((long) slots * ((long) bufferCapacity + headroom) > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException(slots + " slots of " + ((long) bufferCapacity + headroom)
                    + " bytes would take more than " + MAX_BATCH_BYTES + " bytes of native memory");
        }
        this.arena = Arena.ofShared();
        this.slots = slots;
        long stride = ((long) bufferCapacity + headroom + 7) & ~7L;
        MemorySegment payloads = arena.allocate(stride * slots, 64);
        this.buffers = new DatagramBuffer[slots];
        for (int i = 0; i < slots; i++) {
            buffers[i] = DatagramBuffer.wrap(payloads.asSlice(stride * i, (long) bufferCapacity + headroom), headroom);
        }
        this.names = arena.allocate((long) NAME_STRIDE * slots, 8);
        this.nameLengths = new int[slots];
        this.localAddresses = arena.allocate((long) LOCAL_STRIDE * slots, 8);
        this.lengths = new int[slots];
        this.flags = new int[slots];
        this.interfaceIndex = new int[slots];
        this.segmentSize = new int[slots];
        this.ecn = new byte[slots];
        this.sendStatus = new byte[slots];
        this.timestampNanos = new long[slots];
    }

    public static long nameOffset(int slot) {
        return (long) slot * NAME_STRIDE;
    }

    public static long localOffset(int slot) {
        return (long) slot * LOCAL_STRIDE;
    }

    /** The GRO receive area, made on first use (allocates 64 KiB per super-buffer once). */
    public GroReceiveArea groArea() {
        if (gro == null) {
            gro = new GroReceiveArea(this);
        }
        return gro;
    }

    /**
     * Gives slots {@code fromSlot..} their own buffers back where they show GRO views: for
     * {@code clear()} and before a receive that does not use views. GRO datagrams still held for a
     * transport stay held: the area is not touched.
     */
    public void showOwnBuffers(int fromSlot) {
        if (gro != null) {
            gro.restore(this, fromSlot);
        }
    }

    /**
     * Validates a receive window and returns how many slots it may fill.
     *
     * @throws IndexOutOfBoundsException if {@code fromSlot} is not a slot
     * @throws IllegalArgumentException if {@code maxCount < 1}
     */
    public int receiveLimit(int fromSlot, int maxCount) {
        java.util.Objects.checkIndex(fromSlot, slots);
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1, got " + maxCount);
        }
        return Math.min(maxCount, slots - fromSlot);
    }

    /**
     * Makes the slot hold its own buffer with a copy of the datagram if it shows a GRO view, so the
     * buffer can outlive the next receive (for loops that hand buffers over).
     */
    public void ownSlotBuffer(int slot) {
        if (gro != null) {
            gro.materialize(this, slot);
        }
    }

    /** True when two slots have the same peer address. */
    public boolean samePeer(int a, int b) {
        return SocketAddressCodec.equals(names, nameOffset(a), names, nameOffset(b));
    }

    /** True when two slots would leave with the same source address and interface. */
    public boolean sameSendMetadata(int a, int b) {
        return interfaceIndex[a] == interfaceIndex[b]
                && SocketAddressCodec.equals(localAddresses, localOffset(a), localAddresses, localOffset(b));
    }

    /** Clears the receive metadata of one slot (not its peer or send settings). */
    public void clearReceiveMetadata(int slot) {
        flags[slot] = 0;
        interfaceIndex[slot] = 0;
        segmentSize[slot] = 0;
        ecn[slot] = 0;
        timestampNanos[slot] = 0;
        localAddresses.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, localOffset(slot), (short) 0);
    }

    /**
     * Marks the batch in use by an I/O call.
     *
     * @throws IllegalStateException if the batch is closed
     * @throws ConcurrentModificationException if another call is using it
     */
    public void enterIo() {
        if (!state.compareAndSet(IDLE, BUSY)) {
            if (state.get() == CLOSED) {
                throw new IllegalStateException("packet batch is closed");
            }
            throw new ConcurrentModificationException("packet batch is already in use by another I/O call");
        }
    }

    public void exitIo() {
        state.set(IDLE);
    }

    /** Like {@link #enterIo()} but answers false instead of throwing when the batch is busy or closed. */
    public boolean tryEnterIo() {
        return state.compareAndSet(IDLE, BUSY);
    }

    /** Frees the native memory unless an I/O call is using it. Idempotent. */
    public void close() {
        while (true) {
            int s = state.get();
            if (s == CLOSED) {
                return;
            }
            if (s == BUSY) {
                throw new IllegalStateException("cannot close a packet batch while an I/O call is using it");
            }
            if (state.compareAndSet(IDLE, CLOSED)) {
                if (gro != null) {
                    gro.discardPending(); // counted as UNDELIVERED for the transport that read them
                    gro.meta.close();
                }
                arena.close();
                return;
            }
        }
    }

    public boolean isClosed() {
        return state.get() == CLOSED;
    }
}
