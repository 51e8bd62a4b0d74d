package io.salvo.packet;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.packet.BatchAccess;
import io.salvo.internal.packet.BatchState;
import io.salvo.transport.SendStatus;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A reusable set of datagram slots for batched sends and receives: each slot is a
 * {@link DatagramBuffer} plus metadata (true length, flags, peer address, local address and
 * interface, ECN bits, GRO/GSO segment size, kernel receive timestamp, send status).
 *
 * <p>Metadata lives in arrays and native memory owned by the batch, never in per-packet objects;
 * every accessor here is allocation-free except {@link #peerAddress(int)} and
 * {@link #localAddress(int)}, which build an address object on request.
 *
 * <p><b>Receiving.</b> {@code transport.recvBatch(batch)} resets slots {@code 0..n-1}, fills them
 * and sets {@link #count()} to {@code n}. A slot whose datagram was longer than its buffer holds
 * the first bytes, is flagged {@link #isTruncated(int)}, and {@link #length(int)} reports the true
 * length.
 *
 * <p><b>GRO.</b> On a transport receiving with UDP GRO, the kernel hands over super-buffers of
 * many datagrams; the transport presents them as individual datagrams, one per slot, whose buffers
 * are zero-copy views into the batch's receive area, with the super-buffer's metadata and
 * {@link #segmentSize(int)} set. Such a view is valid until the next receive into this batch: copy
 * what must live longer. Datagrams that do not fit the batch stay in it, held for their transport
 * ({@code transport.holdsReceivedDatagrams()} is true, so waits return at once), and the
 * transport's next receive delivers them, into this batch or, copied, into another. Closing the
 * batch, or receiving into it from another GRO transport, while it holds them loses them, counted
 * as {@link io.salvo.transport.DropCause#UNDELIVERED}: give each GRO transport its own batch, as
 * the receive loops and the {@code Poller} do.
 *
 * <p><b>Sending.</b> Fill slots {@code 0..n-1} (write into {@link #buffer(int)}, set the
 * destination with {@link #setPeerAddress(int, SocketAddress)} unless the socket is connected),
 * call {@link #setCount(int)}, then {@code transport.sendBatch(batch)}. Sends resume from
 * {@link #sendCursor()}: a send that stops at a full socket buffer leaves the rest
 * {@link SendStatus#PENDING}, and calling {@code sendBatch} again continues where it stopped.
 * {@link #clear()} starts over. On a native UDP socket with GSO, consecutive slots to one peer with
 * equal sizes (the last may be shorter) leave as one GSO message built from the slots' own buffers;
 * receivers see the same datagrams ({@code UdpOptions.gsoCoalescing(false)} turns this off).
 *
 * <p><b>Threads and memory.</b> Not thread-safe: one thread at a time; a transport call that finds
 * the batch in use by another call throws {@link java.util.ConcurrentModificationException}. The
 * batch owns its native memory and frees it on {@link #close()}, which refuses (with
 * {@link IllegalStateException}) while an I/O call is using the batch. Buffers that came with the
 * batch stay valid until it closes, even when swapped out with {@link #replaceBuffer}.
 */
public final class PacketBatch implements AutoCloseable {

    static {
        BatchAccess.register(b -> b.state);
    }

    private final BatchState state;

    private PacketBatch(int slots, int bufferCapacity, int headroom) {
        this.state = new BatchState(slots, bufferCapacity, headroom);
    }

    /** A batch of {@code slots} slots with {@link DatagramBuffer#DEFAULT_CAPACITY}-byte buffers, no headroom. */
    public static PacketBatch allocate(int slots) {
        return new PacketBatch(slots, DatagramBuffer.DEFAULT_CAPACITY, 0);
    }

    /**
     * A batch of {@code slots} slots, each buffer holding {@code bufferCapacity} bytes after {@code headroom}.
     *
     * @throws IllegalArgumentException beyond 65,536 slots, 1 MiB per buffer (headroom included) or
     *         1 GiB of buffers in all, each limit named in the message
     */
    public static PacketBatch allocate(int slots, int bufferCapacity, int headroom) {
        return new PacketBatch(slots, bufferCapacity, headroom);
    }

    /** Number of slots. */
    public int slots() {
        return state.slots;
    }

    /** Slots holding datagrams (after a receive, or as set for a send). */
    public int count() {
        return state.count;
    }

    /** Declares slots {@code 0..count-1} ready to send and rewinds the send cursor. */
    public PacketBatch setCount(int count) {
        Objects.checkIndex(count, state.slots + 1);
        state.count = count;
        state.sendCursor = 0;
        for (int i = 0; i < count; i++) {
            state.sendStatus[i] = (byte) SendStatus.PENDING.ordinal();
        }
        return this;
    }

    /** First slot not yet attempted by a send; equals {@link #count()} once all were attempted. */
    public int sendCursor() {
        return state.sendCursor;
    }

    /** Slots not yet attempted by a send. */
    public int remaining() {
        return state.count - state.sendCursor;
    }

    /**
     * Empties the batch for reuse: count and send cursor to 0, every buffer reset, metadata and
     * addresses cleared. GRO datagrams the batch holds for a transport stay held (see the class
     * notes). Allocation-free.
     */
    public PacketBatch clear() {
        state.showOwnBuffers(0);
        state.count = 0;
        state.sendCursor = 0;
        for (int i = 0; i < state.slots; i++) {
            state.buffers[i].reset();
            state.clearReceiveMetadata(i);
            state.lengths[i] = 0;
            state.nameLengths[i] = 0;
            state.names.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.nameOffset(i), (short) 0);
            state.sendStatus[i] = (byte) SendStatus.PENDING.ordinal();
        }
        return this;
    }

    /**
     * Appends one datagram for sending: copies {@code payload} into the next slot's buffer, sets
     * its destination and raises {@link #count()}. A convenience for tests and control paths.
     *
     * @return the slot used
     * @throws IllegalStateException when the batch is full
     */
    public int add(byte[] payload, SocketAddress destination) {
        int slot = state.count;
        if (slot == state.slots) {
            throw new IllegalStateException("batch is full (" + state.slots + " slots)");
        }
        state.buffers[slot].reset().writeBytes(payload);
        setPeerAddress(slot, destination);
        state.segmentSize[slot] = 0;
        state.ecn[slot] = 0;
        state.sendStatus[slot] = (byte) SendStatus.PENDING.ordinal();
        state.count = slot + 1;
        return slot;
    }

    // ---------------------------------------------------------------- buffers

    /** The buffer of a slot. */
    public DatagramBuffer buffer(int slot) {
        if (state.isClosed()) {
            throw new IllegalStateException("packet batch is closed");
        }
        return state.buffers[Objects.checkIndex(slot, state.slots)];
    }

    /**
     * Puts {@code replacement} in the slot and returns the buffer it held, whose ownership passes
     * to the caller (a receive loop's callback keeps a datagram this way without copying).
     * The replacement must use native memory that outlives its use in this batch.
     */
    public DatagramBuffer replaceBuffer(int slot, DatagramBuffer replacement) {
        Objects.requireNonNull(replacement, "replacement");
        DatagramBuffer old = state.buffers[Objects.checkIndex(slot, state.slots)];
        state.buffers[slot] = replacement;
        return old;
    }

    // ---------------------------------------------------------------- receive metadata

    /** True length of the datagram in the slot; larger than the payload when truncated. */
    public int length(int slot) {
        return state.lengths[Objects.checkIndex(slot, state.slots)];
    }

    /** True when the datagram did not fit the buffer and was cut short. */
    public boolean isTruncated(int slot) {
        return (state.flags[Objects.checkIndex(slot, state.slots)] & BatchState.FLAG_TRUNCATED) != 0;
    }

    /** True when the kernel's control data (per-packet metadata) did not fit and was cut. */
    public boolean isControlTruncated(int slot) {
        return (state.flags[Objects.checkIndex(slot, state.slots)] & BatchState.FLAG_CONTROL_TRUNCATED) != 0;
    }

    /** Interface index the datagram arrived on (needs packet info), or 0 when unknown. */
    public int interfaceIndex(int slot) {
        return state.interfaceIndex[Objects.checkIndex(slot, state.slots)];
    }

    /** Kernel receive timestamp in nanoseconds since the epoch (needs timestamps), or 0. */
    public long timestampNanos(int slot) {
        return state.timestampNanos[Objects.checkIndex(slot, state.slots)];
    }

    /** ECN bits (0..3) received with the datagram, or to send with it. */
    public int ecn(int slot) {
        return state.ecn[Objects.checkIndex(slot, state.slots)];
    }

    /** Sets the ECN bits (0..3) to send with the datagram in this slot. */
    public PacketBatch setEcn(int slot, int ecn) {
        if (ecn < 0 || ecn > 3) {
            throw new IllegalArgumentException("ECN codepoint must be 0..3, got " + ecn);
        }
        state.ecn[Objects.checkIndex(slot, state.slots)] = (byte) ecn;
        return this;
    }

    /**
     * Segment size: on receive, the GRO segment size of a coalesced datagram (0 when not coalesced);
     * on send, the GSO segment size that splits this slot's payload into datagrams (0 for one datagram).
     */
    public int segmentSize(int slot) {
        return state.segmentSize[Objects.checkIndex(slot, state.slots)];
    }

    /** Asks the kernel to split this slot's payload into datagrams of {@code size} bytes (GSO). */
    public PacketBatch setSegmentSize(int slot, int size) {
        if (size < 0 || size > 65535) {
            throw new IllegalArgumentException("segment size must be 0..65535, got " + size);
        }
        state.segmentSize[Objects.checkIndex(slot, state.slots)] = size;
        return this;
    }

    /** Outcome of the last send of this slot. */
    public SendStatus sendStatus(int slot) {
        return SendStatus.ofOrdinal(state.sendStatus[Objects.checkIndex(slot, state.slots)]);
    }

    // ---------------------------------------------------------------- addresses

    /** The peer of a slot (source on receive, destination on send), or null when none. Allocates. */
    public SocketAddress peerAddress(int slot) {
        Objects.checkIndex(slot, state.slots);
        return SocketAddressCodec.decode(state.names, BatchState.nameOffset(slot), state.nameLengths[slot]);
    }

    /** The peer's port, or -1 when the slot has no IP peer. Allocation-free. */
    public int peerPort(int slot) {
        return SocketAddressCodec.port(state.names, BatchState.nameOffset(Objects.checkIndex(slot, state.slots)));
    }

    /** Sets the destination of a slot; {@code null} clears it (for connected sockets). */
    public PacketBatch setPeerAddress(int slot, SocketAddress address) {
        Objects.checkIndex(slot, state.slots);
        state.nameLengths[slot] = SocketAddressCodec.encode(address, state.names, BatchState.nameOffset(slot));
        return this;
    }

    /** Copies the peer address of slot {@code from} to slot {@code to}: a reply without allocation. */
    public PacketBatch copyPeerAddress(PacketBatch fromBatch, int from, int to) {
        BatchState src = fromBatch.state;
        Objects.checkIndex(from, src.slots);
        Objects.checkIndex(to, state.slots);
        MemorySegment.copy(src.names, BatchState.nameOffset(from), state.names, BatchState.nameOffset(to),
                BatchState.NAME_STRIDE);
        state.nameLengths[to] = src.nameLengths[from];
        return this;
    }

    /** True when two slots have the same peer. Allocation-free. */
    public boolean samePeer(int a, int b) {
        Objects.checkIndex(a, state.slots);
        Objects.checkIndex(b, state.slots);
        return SocketAddressCodec.equals(state.names, BatchState.nameOffset(a), state.names, BatchState.nameOffset(b));
    }

    /**
     * The local address a datagram arrived at (with packet info enabled), or the source address to
     * send from; null when unknown. Allocates.
     */
    public InetAddress localAddress(int slot) {
        Objects.checkIndex(slot, state.slots);
        return SocketAddressCodec.decodeIp(state.localAddresses, BatchState.localOffset(slot));
    }

    /**
     * Sends this slot from {@code source} (a local address of the host) instead of the address the
     * routing table would pick: how a server bound to a wildcard replies from the address a request
     * came to. {@code null} lets the kernel choose.
     */
    public PacketBatch setSourceAddress(int slot, InetAddress source) {
        Objects.checkIndex(slot, state.slots);
        if (source == null) {
            state.localAddresses.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.localOffset(slot), (short) 0);
        } else {
            SocketAddressCodec.encodeInet(source, 0, state.localAddresses, BatchState.localOffset(slot), source);
        }
        return this;
    }

    /** Copies the local address and interface a request arrived on to a reply slot, so the reply leaves from it. */
    public PacketBatch replyFrom(PacketBatch request, int requestSlot, int replySlot) {
        BatchState src = request.state;
        Objects.checkIndex(requestSlot, src.slots);
        Objects.checkIndex(replySlot, state.slots);
        MemorySegment.copy(src.localAddresses, BatchState.localOffset(requestSlot), state.localAddresses,
                BatchState.localOffset(replySlot), BatchState.LOCAL_STRIDE);
        state.interfaceIndex[replySlot] = src.interfaceIndex[requestSlot];
        return this;
    }

    /** Frees the batch's native memory. Idempotent; refuses while an I/O call is using the batch. */
    @Override
    public void close() {
        state.close();
    }

    @Override
    public String toString() {
        return "PacketBatch[slots=" + state.slots + ", count=" + state.count + ", sendCursor=" + state.sendCursor + "]";
    }
}
