package io.salvo.internal.linux;

import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.internal.packet.GroReceiveArea;
import io.salvo.transport.TransportEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
 * Allocation-free.
 */
final class GroReceiver {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int RECV_FLAGS = MSG_DONTWAIT | MSG_WAITFORONE | MSG_TRUNC;

    private GroReceiver() {
    }

    /**
     * Delivers pending datagrams of the last super-buffers, or receives new ones and delivers those.
     *
     * @return datagrams delivered into the batch (0 when nothing was waiting); -1 with errno in the
     *         vector's capture segment when recvmmsg failed
     */
    static int receive(MessageVector v, StatsRecorder stats, BatchState b, int fd, int fromSlot, int maxCount,
                       boolean wantSources) {
        GroReceiveArea g = b.groArea();
        if (!g.hasPending()) {
            int rc = receiveSuperBuffers(v, stats, g, fd, wantSources);
            if (rc <= 0) {
                b.count = fromSlot;
                return rc;
            }
        }
        return deliver(stats, g, b, fromSlot, maxCount);
    }

    private static int receiveSuperBuffers(MessageVector v, StatsRecorder stats, GroReceiveArea g, int fd,
                                           boolean wantSources) {
        int n = g.messages;
        v.ensure(n);
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        BatchState meta = g.meta;
        long area = g.area.address();
        long names = meta.names.address();
        for (int j = 0; j < n; j++) {
            long m = j * MSG_STRIDE;
            iovs.set(LONG, j * IOV_STRIDE + IOV_BASE, area + GroReceiveArea.messageOffset(j));
            iovs.set(LONG, j * IOV_STRIDE + IOV_LEN, GroReceiveArea.MESSAGE_BYTES);
            msgs.set(LONG, m + MSG_IOV, iovs.address() + j * IOV_STRIDE);
            msgs.set(LONG, m + MSG_IOVLEN, 1L);
            msgs.set(LONG, m + MSG_NAME, wantSources ? names + BatchState.nameOffset(j) : 0L);
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
            long m = j * MSG_STRIDE;
            int flags = msgs.get(INT, m + MSG_FLAGS);
            g.messageLength[j] = msgs.get(INT, m + MMSG_LEN);
            int nameLength = wantSources ? msgs.get(INT, m + MSG_NAMELEN) : 0;
            meta.nameLengths[j] = nameLength;
            if (nameLength == 0) {
                meta.names.set(ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.nameOffset(j), (short) 0);
            }
            meta.clearReceiveMetadata(j);
            if ((flags & MSG_CTRUNC) != 0) {
                meta.flags[j] |= BatchState.FLAG_CONTROL_TRUNCATED;
                controlTruncated++;
            } else {
                ControlMessages.parseReceive(v.controls, j * v.controlStride(), msgs.get(LONG, m + MSG_CONTROLLEN),
                        meta, j, stats);
            }
        }
        stats.event(TransportEvent.CONTROL_TRUNCATED, controlTruncated);
        g.receivedMessages = rc;
        g.pendingMessage = 0;
        g.pendingOffset = 0;
        return rc;
    }

    /** Hands out datagrams from the pending super-buffers into the batch's slots, as views. */
    private static int deliver(StatsRecorder stats, GroReceiveArea g, BatchState b, int fromSlot, int maxCount) {
        BatchState meta = g.meta;
        int t = fromSlot;
        int end = fromSlot + maxCount;
        long bytes = 0;
        while (t < end && g.hasPending()) {
            int j = g.pendingMessage;
            int total = g.messageLength[j];
            int segment = meta.segmentSize[j];
            boolean split = segment > 0 && segment < total && (meta.flags[j] & BatchState.FLAG_CONTROL_TRUNCATED) == 0;
            int length = split ? Math.min(segment, total - g.pendingOffset) : total;
            long start = GroReceiveArea.messageOffset(j) + g.pendingOffset;
            g.showView(b, t, start, start + length);
            b.lengths[t] = length;
            b.flags[t] = meta.flags[j];
            b.interfaceIndex[t] = meta.interfaceIndex[j];
            b.ecn[t] = meta.ecn[j];
            b.timestampNanos[t] = meta.timestampNanos[j];
            b.segmentSize[t] = segment;
            b.nameLengths[t] = meta.nameLengths[j];
            // Copy only the bytes in use: the family (2 bytes) at least, the whole sockaddr when there is one.
            MemorySegment.copy(meta.names, BatchState.nameOffset(j), b.names, BatchState.nameOffset(t),
                    Math.max(2, meta.nameLengths[j]));
            boolean hasLocal = meta.localAddresses.get(ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.localOffset(j)) != 0;
            MemorySegment.copy(meta.localAddresses, BatchState.localOffset(j), b.localAddresses,
                    BatchState.localOffset(t), hasLocal ? BatchState.LOCAL_STRIDE : 2);
            bytes += length;
            t++;
            g.pendingOffset += length;
            if (!split || g.pendingOffset >= total) {
                g.pendingMessage++;
                g.pendingOffset = 0;
            }
        }
        b.count = t;
        b.sendCursor = 0;
        stats.received(t - fromSlot, bytes);
        return t - fromSlot;
    }
}
