package io.salvo.internal.packet;

import io.salvo.buffer.DatagramBuffer;

import java.lang.foreign.MemorySegment;

/**
 * Where a batch receives GRO super-buffers and from where it hands out their datagrams as
 * zero-copy views. Made on the first GRO receive into a batch and freed with it.
 *
 * <p>{@code messages} super-buffers of 64 KiB each are received into {@link #area}; per-message
 * metadata (source, local address, ECN, timestamp, GRO segment size) goes into {@link #meta}. The
 * batch's slots then get {@link #views}: buffers over the whole area whose windows are set on one
 * datagram each. Datagrams that do not fit the batch stay pending and are delivered by the next
 * receive before any new system call. A view is valid until the next receive into the batch.
 */
public final class GroReceiveArea {

    /** Receive buffer per super-buffer: room for the largest UDP datagram the kernel can coalesce. */
    public static final int MESSAGE_BYTES = 65_536;
    private static final int MAX_MESSAGES = 32;

    public final int messages;
    public final MemorySegment area;
    public final BatchState meta;
    public final int[] messageLength;
    private final DatagramBuffer[] views;
    private final DatagramBuffer[] saved;
    /** Super-buffers received by the last call, and the next datagram to deliver from them. */
    public int receivedMessages;
    public int pendingMessage;
    public int pendingOffset;

    GroReceiveArea(BatchState batch) {
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

    /** True while datagrams of the last receive are still to be delivered. */
    public boolean hasPending() {
        return pendingMessage < receivedMessages;
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

    /** Gives every slot showing a view its own buffer back. */
    void restore(BatchState batch) {
        for (int i = 0; i < views.length; i++) {
            if (batch.buffers[i] == views[i]) {
                batch.buffers[i] = saved[i];
                saved[i] = null;
            }
        }
    }
}
