package io.salvo.internal.packet;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.StatsRecorder;
import io.salvo.transport.DropCause;

import java.lang.foreign.MemorySegment;

/**
 * Where a batch receives GRO super-buffers and from where it hands out their datagrams as
 * zero-copy views. Made on the first GRO receive into a batch and freed with it.
 *
 * <p>Up to {@code messages} super-buffers of 64 KiB each are received into {@link #area};
 * per-message metadata (source, local address, ECN, timestamp, GRO segment size) goes into
 * {@link #meta}. The batch's slots then get {@link #views}: buffers over the whole area whose
 * windows are set on one datagram each. Datagrams that do not fit the batch stay pending, held for
 * the transport that read them ({@link #owner}), which delivers them before reading anything new.
 * A view is valid until the next receive into the batch.
 *
 * <p>Touched only by the thread that holds the batch (see {@link BatchState#enterIo()}).
 */
public final class GroReceiveArea {

    /** Receive buffer per super-buffer: room for the largest UDP datagram the kernel can coalesce. */
    public static final int MESSAGE_BYTES = 65_536;
    private static final int MAX_MESSAGES = 32;

    /** The batch this area belongs to. */
    public final BatchState batch;
    public final int messages;
    public final MemorySegment area;
    public final BatchState meta;
    public final int[] messageLength;
    private final DatagramBuffer[] views;
    private final DatagramBuffer[] saved;
    /** Super-buffers {@code [pendingMessage, endMessage)} of the last read still hold datagrams to deliver. */
    public int endMessage;
    public int pendingMessage;
    public int pendingOffset;
    /** Super-buffers {@code [viewedFrom, viewedTo)} may be shown by slots before the next receive's first slot. */
    public int viewedFrom;
    public int viewedTo;
    /** The transport whose datagrams are pending, and its counters (for datagrams lost with the batch). */
    private Object owner;
    private StatsRecorder ownerStats;

    GroReceiveArea(BatchState batch) {
        this.batch = batch;
        this.messages = Math.min(batch.slots, MAX_MESSAGES);
        this.area = batch.arena.allocate((long) messages * MESSAGE_BYTES, 64);
        this.meta = new BatchState(messages, 8, 0);
        this.messageLength = new int[messages];
        this.views = new DatagramBuffer[batch.slots];
        this.saved = new DatagramBuffer[batch.slots];
        for (int i = 0; i < views.length; i++) {
            views[i] = DatagramBuffer.wrap(area, 0);
        }
    }

    /** True while datagrams of the last read are still to be delivered. */
    public boolean hasPending() {
        return pendingMessage < endMessage;
    }

    /** True while datagrams that {@code transport} read are still to be delivered from here. */
    public boolean holdsFor(Object transport) {
        return owner == transport && hasPending();
    }

    /** Records a new read of super-buffers {@code [first, first + count)}, made by {@code transport}. */
    public void received(Object transport, StatsRecorder stats, int first, int count) {
        owner = transport;
        ownerStats = stats;
        pendingMessage = first;
        endMessage = first + count;
        pendingOffset = 0;
    }

    /** Forgets pending datagrams, counting them as lost for the transport that read them. */
    public void discardPending() {
        if (hasPending()) {
            ownerStats.drop(DropCause.UNDELIVERED, pendingDatagrams());
            pendingMessage = endMessage;
            pendingOffset = 0;
        }
        owner = null;
        ownerStats = null;
    }

    /** How many datagrams are still to be delivered. */
    int pendingDatagrams() {
        int count = 0;
        for (int j = pendingMessage; j < endMessage; j++) {
            int left = messageLength[j] - (j == pendingMessage ? pendingOffset : 0);
            int segment = meta.segmentSize[j];
            boolean split = segment > 0 && segment < messageLength[j]
                    && (meta.flags[j] & BatchState.FLAG_CONTROL_TRUNCATED) == 0;
            count += split ? Math.ceilDiv(left, segment) : 1;
        }
        return count;
    }

    /** Offset of super-buffer {@code message} in {@link #area}. */
    public static long messageOffset(int message) {
        return (long) message * MESSAGE_BYTES;
    }

    /** Puts slot {@code slot}'s view on {@code [start, end)} of the area, remembering the slot's own buffer. */
    public DatagramBuffer showView(BatchState batch, int slot, long start, long end) {
        DatagramBuffer view = views[slot];
        if (batch.buffers[slot] != view) {
            saved[slot] = batch.buffers[slot];
            batch.buffers[slot] = view;
        }
        return view.setWindow((int) start, (int) end);
    }

    /** If the slot shows a view, copies its datagram into the slot's own buffer and puts that back. */
    void materialize(BatchState batch, int slot) {
        DatagramBuffer view = views[slot];
        if (batch.buffers[slot] != view) {
            return;
        }
        DatagramBuffer own = saved[slot].reset();
        int n = Math.min(view.length(), own.size() - own.start());
        MemorySegment.copy(view.segment(), view.start(), own.segment(), own.start(), n);
        own.setLength(n);
        if (n < view.length()) {
            batch.flags[slot] |= BatchState.FLAG_TRUNCATED;
        }
        batch.buffers[slot] = own;
        saved[slot] = null;
    }

    /**
     * Gives slots {@code 0..toSlot-1} that show a view copies in their own buffers, so the whole
     * area can be read into again; forgets what was viewed.
     *
     * @return how many datagrams were cut short (flagged) because an own buffer was smaller
     */
    public int materializeSlots(BatchState batch, int toSlot) {
        int cut = 0;
        for (int i = 0; i < toSlot; i++) {
            boolean wasCut = (batch.flags[i] & BatchState.FLAG_TRUNCATED) != 0;
            materialize(batch, i);
            if (!wasCut && (batch.flags[i] & BatchState.FLAG_TRUNCATED) != 0) {
                cut++;
            }
        }
        viewedFrom = 0;
        viewedTo = 0;
        return cut;
    }

    /** Gives slots {@code fromSlot..} that show a view their own buffers back. */
    void restore(BatchState batch, int fromSlot) {
        for (int i = fromSlot; i < views.length; i++) {
            if (batch.buffers[i] == views[i]) {
                batch.buffers[i] = saved[i];
                saved[i] = null;
            }
        }
    }
}
