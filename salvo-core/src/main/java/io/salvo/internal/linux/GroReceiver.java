package io.salvo.internal.linux;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.internal.packet.GroReceiveArea;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static io.salvo.internal.linux.LinuxConstants.MSG_CTRUNC;
import static io.salvo.internal.linux.LinuxConstants.MSG_DONTWAIT;
import static io.salvo.internal.linux.LinuxConstants.MSG_TRUNC;
import static io.salvo.internal.linux.LinuxConstants.MSG_WAITFORONE;
import static io.salvo.internal.linux.MessageVector.IOV_STRIDE;
import static io.salvo.internal.linux.MessageVector.MSG_STRIDE;
import static io.salvo.internal.linux.NativeLayouts.IOV_BASE;
import static io.salvo.internal.linux.NativeLayouts.IOV_LEN;
import static io.salvo.internal.linux.NativeLayouts.MMSG_LEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROL;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROLLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_FLAGS;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOV;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOVLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAME;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAMELEN;

/**
 * The receive path of a socket with UDP GRO: {@code recvmmsg} into the batch's 64 KiB super-buffer
 * area, then each super-buffer cut into its datagrams by its {@code UDP_GRO} segment size and
 * handed out as zero-copy views, one per slot, each with the super-buffer's metadata. A super-buffer
 * whose control data was cut ({@code MSG_CTRUNC}) has no trustworthy segment size: it is delivered
 * whole, flagged, and counted as {@link TransportEvent#CONTROL_TRUNCATED}, never split by guess.
 *
 * <p>One per transport. Datagrams that do not fit the batch stay in its area, and this receiver
 * remembers that area ({@link #holdsDatagrams()}): the transport's next receive delivers them
 * before reading anything new, as views when it receives into the same batch, as copies into the
 * slots' own buffers when it receives into another. Receives are serialised by the transport's
 * contract, so at most one area holds this transport's datagrams at a time. Allocation-free after
 * the first receive into a batch.
 */
final class GroReceiver {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int RECV_FLAGS = MSG_DONTWAIT | MSG_WAITFORONE | MSG_TRUNC;

    /** The transport the datagrams belong to: marks the areas holding them. */
    private final Object owner;
    private final StatsRecorder stats;
    /** The area holding this transport's undelivered datagrams, or null. Written by the receiving thread. */
    private volatile GroReceiveArea held;

    GroReceiver(Object owner, StatsRecorder stats) {
        this.owner = owner;
        this.stats = stats;
    }

    /** True while some batch holds datagrams this transport read and has not delivered. */
    boolean holdsDatagrams() {
        GroReceiveArea h = held;
        return h != null && h.holdsFor(owner);
    }

    /**
     * Delivers held datagrams, or receives new super-buffers and delivers from those.
     *
     * @return datagrams delivered into the batch (0 when nothing was waiting); -1 with errno in the
     *         vector's capture segment when recvmmsg failed
     */
    int receive(MessageVector v, BatchState b, int fd, int fromSlot, int maxCount, boolean wantSources) {
        GroReceiveArea own = b.groArea();
        if (fromSlot == 0) {
            own.viewedFrom = 0; // every slot is about to be refilled: no view needs keeping
            own.viewedTo = 0;
        }
        GroReceiveArea h = held;
        if (h != null && !h.holdsFor(owner)) {
            held = h = null; // delivered, or lost with its batch
        }
        if (h == null) {
            int rc = receiveSuperBuffers(v, own, b, fromSlot, fd, wantSources);
            if (rc <= 0) {
                b.count = fromSlot;
                return rc;
            }
            held = h = own;
        }
        int n;
        if (h == own) {
            n = deliver(own, b, fromSlot, maxCount, false);
        } else if (h.batch.tryEnterIo()) { // keeps the holding batch from closing while we copy from it
            try {
                n = deliver(h, b, fromSlot, maxCount, true);
            } finally {
                h.batch.exitIo();
            }
        } else {
            b.count = fromSlot; // the holding batch is busy in another call, or closing: try again later
            return 0;
        }
        if (!h.hasPending()) {
            held = null;
        }
        return n;
    }

    /**
     * Receives super-buffers into the part of the batch's area that no kept slot (before
     * {@code fromSlot}) shows; when kept slots show all of it, they get copies in their own buffers
     * first (cut short and counted, as without GRO, where a buffer is smaller). Another transport's
     * pending datagrams in the area are dropped, counted.
     *
     * @return super-buffers received; 0 when none waited; -1 on error
     */
    private int receiveSuperBuffers(MessageVector v, GroReceiveArea g, BatchState b, int fromSlot, int fd,
                                    boolean wantSources) {
        if (g.hasPending()) {
            g.discardPending(); // another transport's, read into this batch: the batch is reused for us
        }
        int first;
        int n;
        if (g.viewedFrom >= g.messages - g.viewedTo) {
            first = 0;
            n = g.viewedFrom;
        } else {
            first = g.viewedTo;
            n = g.messages - g.viewedTo;
        }
        if (n == 0) {
            stats.drop(DropCause.TRUNCATED, g.materializeSlots(b, fromSlot));
            first = 0;
            n = g.messages;
        }
        v.ensure(n);
        v.disarm(); // arms the headers for the super-buffer area, not the batch's buffers
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        BatchState meta = g.meta;
        long area = g.area.address();
        long names = meta.names.address();
        for (int j = 0; j < n; j++) {
            long m = j * MSG_STRIDE;
            iovs.set(LONG, j * IOV_STRIDE + IOV_BASE, area + GroReceiveArea.messageOffset(first + j));
            iovs.set(LONG, j * IOV_STRIDE + IOV_LEN, GroReceiveArea.MESSAGE_BYTES);
            msgs.set(LONG, m + MSG_IOV, iovs.address() + j * IOV_STRIDE);
            msgs.set(LONG, m + MSG_IOVLEN, 1L);
            msgs.set(LONG, m + MSG_NAME, wantSources ? names + BatchState.nameOffset(first + j) : 0L);
            msgs.set(INT, m + MSG_NAMELEN, wantSources ? BatchState.NAME_STRIDE : 0);
            msgs.set(LONG, m + MSG_CONTROL, v.controlAddress(j));
            msgs.set(LONG, m + MSG_CONTROLLEN, v.controlStride());
            msgs.set(INT, m + MSG_FLAGS, 0);
        }
        int rc = v.recvmmsg(fd, n, RECV_FLAGS, stats);
        if (rc <= 0) {
            return rc < 0 ? -1 : 0;
        }
        int controlTruncated = 0;
        for (int j = 0; j < rc; j++) {
            int k = first + j;
            long m = j * MSG_STRIDE;
            int flags = msgs.get(INT, m + MSG_FLAGS);
            g.messageLength[k] = msgs.get(INT, m + MMSG_LEN);
            int nameLength = wantSources ? msgs.get(INT, m + MSG_NAMELEN) : 0;
            meta.nameLengths[k] = nameLength;
            if (nameLength == 0) {
                meta.names.set(ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.nameOffset(k), (short) 0);
            }
            meta.clearReceiveMetadata(k);
            if ((flags & MSG_CTRUNC) != 0) {
                meta.flags[k] |= BatchState.FLAG_CONTROL_TRUNCATED;
                controlTruncated++;
            } else {
                ControlMessages.parseReceive(v.controls, j * v.controlStride(), msgs.get(LONG, m + MSG_CONTROLLEN),
                        meta, k, stats);
            }
        }
        stats.event(TransportEvent.CONTROL_TRUNCATED, controlTruncated);
        g.received(owner, stats, first, rc);
        return rc;
    }

    /**
     * Hands out pending datagrams of area {@code g} into the batch's slots: as views when the area
     * is the batch's own, else copied into the slots' own buffers (cut short, flagged and counted
     * when a buffer is too small).
     *
     * <p>Works a super-buffer at a time: the datagrams cut from one super-buffer share its
     * metadata, so that is written to their slots in bulk ({@code Arrays.fill}, the source address
     * read once), and only the window and length are set datagram by datagram. At 64-byte
     * datagrams, 64 to a super-buffer, the per-datagram work is what separates this receiver from
     * one that merely counts.
     */
    private int deliver(GroReceiveArea g, BatchState b, int fromSlot, int maxCount, boolean copy) {
        BatchState meta = g.meta;
        int t = fromSlot;
        int end = fromSlot + maxCount;
        long bytes = 0;
        int truncated = 0;
        if (copy) {
            b.showOwnBuffers(fromSlot);
        }
        while (t < end && g.hasPending()) {
            int j = g.pendingMessage;
            int total = g.messageLength[j];
            int segment = meta.segmentSize[j];
            int messageFlags = meta.flags[j];
            boolean split = segment > 0 && segment < total && (messageFlags & BatchState.FLAG_CONTROL_TRUNCATED) == 0;
            int offset = g.pendingOffset;
            // A super-buffer that is not split is one datagram, even an empty one.
            int count = split ? Math.min(end - t, Math.ceilDiv(total - offset, segment)) : 1;
            int first = t;
            int last = first + count;
            fillMetadata(meta, j, b, first, last);
            long base = GroReceiveArea.messageOffset(j);
            for (; t < last; t++) {
                int length = split ? Math.min(segment, total - offset) : total;
                long start = base + offset;
                if (copy) {
                    DatagramBuffer own = b.buffers[t].reset();
                    int got = Math.min(length, own.size() - own.start());
                    MemorySegment.copy(g.area, start, own.segment(), own.start(), got);
                    own.setLength(got);
                    if (got < length) {
                        b.flags[t] |= BatchState.FLAG_TRUNCATED;
                        truncated++;
                    }
                    bytes += got;
                } else {
                    g.showView(b, t, start, start + length);
                    bytes += length;
                }
                b.lengths[t] = length;
                offset += length;
            }
            if (!copy) {
                g.viewedFrom = g.viewedFrom == g.viewedTo ? j : Math.min(g.viewedFrom, j);
                g.viewedTo = Math.max(g.viewedTo, j + 1);
            }
            if (!split || offset >= total) {
                g.pendingMessage++;
                g.pendingOffset = 0;
            } else {
                g.pendingOffset = offset;
            }
        }
        b.count = t;
        b.sendCursor = 0;
        stats.received(t - fromSlot, bytes);
        stats.drop(DropCause.TRUNCATED, truncated);
        return t - fromSlot;
    }

    /**
     * Gives slots {@code [first, last)} super-buffer {@code j}'s metadata: flags, interface, ECN,
     * timestamp, segment size, and source and local addresses (only the bytes in use: the family
     * at least, the whole {@code sockaddr} when there is one).
     */
    private static void fillMetadata(BatchState meta, int j, BatchState b, int first, int last) {
        Arrays.fill(b.flags, first, last, meta.flags[j]);
        Arrays.fill(b.interfaceIndex, first, last, meta.interfaceIndex[j]);
        Arrays.fill(b.ecn, first, last, meta.ecn[j]);
        Arrays.fill(b.timestampNanos, first, last, meta.timestampNanos[j]);
        Arrays.fill(b.segmentSize, first, last, meta.segmentSize[j]);
        int nameLength = meta.nameLengths[j];
        Arrays.fill(b.nameLengths, first, last, nameLength);
        fillWords(meta.names, BatchState.nameOffset(j), b.names, BatchState.nameOffset(first), BatchState.nameOffset(last),
                BatchState.NAME_STRIDE, Math.max(2, nameLength));
        long localFrom = BatchState.localOffset(first);
        long localTo = BatchState.localOffset(last);
        if (meta.localAddresses.get(ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.localOffset(j)) != 0) {
            fillWords(meta.localAddresses, BatchState.localOffset(j), b.localAddresses, localFrom, localTo,
                    BatchState.LOCAL_STRIDE, BatchState.LOCAL_STRIDE);
        } else {
            for (long at = localFrom; at < localTo; at += BatchState.LOCAL_STRIDE) {
                b.localAddresses.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, (short) 0);
            }
        }
    }

    /**
     * Writes the first {@code bytes} (rounded up to whole 8-byte words; both areas are strided well
     * past any address they hold) at {@code fromOffset} into {@code to} at every {@code stride}
     * bytes of {@code [toFrom, toEnd)}: each word is read once, then stored slot after slot, where
     * {@code MemorySegment.copy}'s checks would cost more than the copy for the 16 or 28 bytes of an
     * address. The loops count in {@code long} offsets, which lets the JIT check the bounds once
     * per loop rather than once per store.
     */
    private static void fillWords(MemorySegment from, long fromOffset, MemorySegment to, long toFrom, long toEnd, int stride,
                                  int bytes) {
        for (int k = 0; k < bytes; k += 8) {
            long word = from.get(ValueLayout.JAVA_LONG_UNALIGNED, fromOffset + k);
            for (long at = toFrom + k; at < toEnd; at += stride) {
                to.set(ValueLayout.JAVA_LONG_UNALIGNED, at, word);
            }
        }
    }
}
