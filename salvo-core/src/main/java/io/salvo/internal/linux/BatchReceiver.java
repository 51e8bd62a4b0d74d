package io.salvo.internal.linux;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.transport.DropCause;
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
import static io.salvo.internal.linux.NativeLayouts.MSG_NAME;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAMELEN;

/**
 * A native datagram transport's batch receive without GRO: one {@code recvmmsg} into a
 * {@link BatchState}'s buffers through receive headers the batch holds (see
 * {@code BatchState.receiveVector}), then each filled slot's length, source, flags and control
 * data. Allocation-free. The caller holds the socket and the batch for the call.
 */
final class BatchReceiver {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final int RECV_FLAGS = MSG_DONTWAIT | MSG_WAITFORONE | MSG_TRUNC;

    private final StatsRecorder stats;
    private final boolean receiveControl;
    /** Control-message room asked for per received message (0: none). */
    private final long receiveControlSpace;

    BatchReceiver(StatsRecorder stats, long receiveControlSpace) {
        this.stats = stats;
        this.receiveControl = receiveControlSpace > 0;
        this.receiveControlSpace = receiveControlSpace;
    }

    /**
     * One {@code recvmmsg} of up to {@code n} datagrams into slots {@code from...} of the batch,
     * with or without the sources' addresses; fills the slots' buffers and metadata and counts.
     *
     * @return datagrams received, or -1 with the errno in {@link #errno(BatchState)}
     */
    int receive(BatchState b, int fd, int from, int n, boolean wantSources) {
        MessageVector v = receiveVectorOf(b);
        v.ensure(n);
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        long names = b.names.address();
        long controlStride = v.controlStride();
        // Per call, cost follows arrivals: a header keeps its pointers while the batch, first slot and
        // buffer stay the same, and only headers the kernel filled last time get their lengths and
        // flags back. A batch of 64 that receives one datagram rewrites one header, not 64.
        boolean armed = v.armedFor(b, from, wantSources, receiveControlSpace);
        Object[] armedBuffers = v.armedBuffers;
        for (int i = 0; i < n; i++) {
            int slot = from + i;
            DatagramBuffer buf = b.buffers[slot].reset();
            long m = i * MSG_STRIDE;
            if (!armed) {
                msgs.set(LONG, m + NativeLayouts.MSG_IOV, iovs.address() + i * IOV_STRIDE);
                msgs.set(LONG, m + NativeLayouts.MSG_IOVLEN, 1L);
                msgs.set(LONG, m + MSG_NAME, wantSources ? names + BatchState.nameOffset(slot) : 0L);
                msgs.set(LONG, m + MSG_CONTROL, receiveControl ? v.controlAddress(i) : 0L);
            }
            if (armedBuffers[i] != buf) {
                long iov = i * IOV_STRIDE;
                iovs.set(LONG, iov + IOV_BASE, buf.segment().address() + buf.start());
                iovs.set(LONG, iov + IOV_LEN, buf.size() - buf.start());
                armedBuffers[i] = buf;
            }
            if (!armed || v.dirty(i)) {
                msgs.set(INT, m + MSG_NAMELEN, wantSources ? BatchState.NAME_STRIDE : 0);
                msgs.set(LONG, m + MSG_CONTROLLEN, receiveControlSpace);
                msgs.set(INT, m + MSG_FLAGS, 0);
            }
        }
        int rc = v.recvmmsg(fd, n, RECV_FLAGS, stats);
        v.received(n, rc);
        if (rc < 0) {
            b.count = from;
            return -1;
        }
        long bytes = 0;
        int truncated = 0;
        int controlTruncated = 0;
        for (int j = 0; j < rc; j++) {
            int i = from + j;
            long m = j * MSG_STRIDE;
            int length = msgs.get(INT, m + MMSG_LEN);
            int flags = msgs.get(INT, m + MSG_FLAGS);
            DatagramBuffer buf = b.buffers[i];
            int got = Math.min(length, buf.size() - buf.start());
            buf.setLength(got);
            bytes += got;
            b.lengths[i] = length;
            int nameLength = wantSources ? msgs.get(INT, m + MSG_NAMELEN) : 0;
            b.nameLengths[i] = nameLength;
            if (nameLength == 0) {
                // No source (not asked for, or an unnamed Unix peer): make sure no stale address shows through.
                b.names.set(ValueLayout.JAVA_SHORT_UNALIGNED, BatchState.nameOffset(i), (short) 0);
            }
            b.clearReceiveMetadata(i);
            if ((flags & MSG_TRUNC) != 0 || length > got) {
                b.flags[i] |= BatchState.FLAG_TRUNCATED;
                truncated++;
            }
            if ((flags & MSG_CTRUNC) != 0) {
                b.flags[i] |= BatchState.FLAG_CONTROL_TRUNCATED;
                controlTruncated++;
            }
            if (receiveControl) {
                long controlLength = msgs.get(LONG, m + MSG_CONTROLLEN);
                ControlMessages.parseReceive(v.controls, j * controlStride, controlLength, b, i, stats);
            }
        }
        b.count = from + rc;
        b.sendCursor = 0;
        stats.received(rc, bytes);
        stats.drop(DropCause.TRUNCATED, truncated);
        stats.event(TransportEvent.CONTROL_TRUNCATED, controlTruncated);
        return rc;
    }

    /**
     * The batch's receive headers, made in its arena on first use. One set per batch, whatever the
     * socket: with room for every control message Salvo reads, of which each transport asks for
     * what it needs (or none).
     */
    static MessageVector receiveVectorOf(BatchState b) {
        Object v = b.receiveVector;
        if (v == null) {
            v = new MessageVector(b.arena, ControlMessages.RECEIVE_SPACE, "receiving");
            b.receiveVector = v;
        }
        return (MessageVector) v;
    }

    /** The errno of the batch's last failed receive. */
    static int errno(BatchState b) {
        return LibC.errno(receiveVectorOf(b).capture);
    }
}
