package io.salvo.internal.linux;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.TransportEvent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.salvo.internal.linux.LinuxConstants.UDP_MAX_SEGMENTS;
import static io.salvo.internal.linux.LinuxConstants.UIO_MAXIOV;
import static io.salvo.internal.linux.MessageVector.IOV_STRIDE;
import static io.salvo.internal.linux.MessageVector.MSG_STRIDE;
import static io.salvo.internal.linux.NativeLayouts.IOV_BASE;
import static io.salvo.internal.linux.NativeLayouts.IOV_LEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROL;
import static io.salvo.internal.linux.NativeLayouts.MSG_CONTROLLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOV;
import static io.salvo.internal.linux.NativeLayouts.MSG_IOVLEN;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAME;
import static io.salvo.internal.linux.NativeLayouts.MSG_NAMELEN;

/**
 * The {@code sendBatch} path of a native transport: fills {@code mmsghdr}s from a batch's slots,
 * issues {@code sendmmsg}, and reads the outcome back into per-slot statuses and counters.
 *
 * <p><b>GSO coalescing.</b> When the socket supports UDP GSO and coalescing is on, a run of
 * consecutive slots to the same peer, with the same ECN and source address, whose payloads are
 * equal in size (the last may be shorter), becomes one message: its iovecs are the slots' buffers
 * (no copy) and a {@code UDP_SEGMENT} control message makes the kernel cut it back into the same
 * datagrams. At most 64 segments and 65,507 bytes per message.
 *
 * <p><b>Fallback.</b> When the kernel refuses a GSO message with {@code EIO} or {@code EINVAL}
 * (a device without checksum offload, a segment over the path MTU, too many segments), its
 * datagrams are resent one by one, each counted as {@link DropCause#GSO_FALLBACK} (resent, not
 * lost). After {@code EIO}, or any refusal of a coalesced run, coalescing stays off for that
 * destination; other destinations keep it.
 *
 * <p>Allocation-free. Runs under the transport's send-direction lock.
 */
final class BatchSender {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int SEND_FLAGS = LinuxConstants.MSG_DONTWAIT | LinuxConstants.MSG_NOSIGNAL;
    /** Largest UDP payload over IPv4; GSO messages stay within it on either family. */
    private static final int MAX_GSO_BYTES = 65_507;
    /** Destinations for which GSO was refused; beyond this many, coalescing turns off for the socket. */
    private static final int MAX_REFUSING_PEERS = 16;
    private static final long FALLBACK_WAIT_NANOS = 100_000_000L;

    private final NativeDatagramTransport transport;
    private final MessageVector v;
    private final StatsRecorder stats;
    private final int[] runStart = new int[UIO_MAXIOV];
    private final int[] runLength = new int[UIO_MAXIOV];
    private final MemorySegment refusingPeers;
    private int refusingPeerCount;
    private boolean coalescingDisabled;
    private int fallbackDatagrams;
    private long fallbackBytes;

    BatchSender(NativeDatagramTransport transport, MessageVector v, StatsRecorder stats) {
        this.transport = transport;
        this.v = v;
        this.stats = stats;
        this.refusingPeers = transport.socket.arena().allocate((long) MAX_REFUSING_PEERS * BatchState.NAME_STRIDE, 8);
    }

    /** Sends from the batch's cursor; see {@link io.salvo.transport.DatagramTransport#sendBatch}. */
    int send(BatchState b, int fd, boolean connected, boolean withControl, boolean coalesce) throws IOException {
        int sentDatagrams = 0;
        long sentBytes = 0;
        boolean gso = coalesce && !coalescingDisabled && withControl;
        while (b.sendCursor < b.count) {
            int first = b.sendCursor;
            int slots = Math.min(b.count - first, UIO_MAXIOV);
            v.ensure(slots);
            int messages = build(b, first, slots, connected, withControl, gso);
            stats.sendCall();
            int rc = LibC.sendmmsg(v.capture, fd, v.msgs, messages, SEND_FLAGS);
            if (rc > 0) {
                for (int j = 0; j < rc; j++) {
                    for (int k = 0; k < runLength[j]; k++) {
                        int slot = first + runStart[j] + k;
                        b.sendStatus[slot] = (byte) SendStatus.SENT.ordinal();
                        sentDatagrams += datagramsIn(b, slot);
                        sentBytes += b.buffers[slot].length();
                    }
                }
                b.sendCursor = first + runStart[rc - 1] + runLength[rc - 1];
                continue;
            }
            int errno = LibC.errno(v.capture);
            if (errno == Errno.EINTR) {
                continue;
            }
            SendStatus s = NativeDatagramTransport.sendErrorStatus(errno);
            if (s == null) {
                throw transport.failure("sendmmsg", errno);
            }
            boolean gsoMessage = runLength[0] > 1 || b.segmentSize[first] > 0;
            if (gsoMessage && (errno == Errno.EIO || errno == Errno.EINVAL)) {
                if (errno == Errno.EIO || runLength[0] > 1) {
                    rememberRefusingPeer(b, first);
                }
                fallback(b, fd, first, runLength[0], connected, withControl);
                sentDatagrams += fallbackDatagrams;
                sentBytes += fallbackBytes;
                b.sendCursor = first + runLength[0];
                continue;
            }
            if (s == SendStatus.WOULD_BLOCK) {
                stats.event(TransportEvent.SEND_BUFFER_FULL, 1); // the datagrams stay PENDING from the cursor on
                break;
            }
            // The first message failed for its destination: mark its slots, count each datagram lost, go on.
            int lost = 0;
            for (int k = 0; k < runLength[0]; k++) {
                b.sendStatus[first + k] = (byte) s.ordinal();
                lost += datagramsIn(b, first + k);
            }
            stats.drop(s.dropCause(), lost);
            b.sendCursor = first + runLength[0];
        }
        stats.sent(sentDatagrams, sentBytes);
        return sentDatagrams;
    }

    private static int datagramsIn(BatchState b, int slot) {
        int length = b.buffers[slot].length();
        int seg = b.segmentSize[slot];
        return seg > 0 && length > seg ? Math.ceilDiv(length, seg) : 1;
    }

    /** Writes the headers for up to {@code slots} slots from {@code first}; returns the message count. */
    private int build(BatchState b, int first, int slots, boolean connected, boolean withControl, boolean gso) {
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        long names = b.names.address();
        long iovBase = iovs.address();
        for (int i = 0; i < slots; i++) {
            DatagramBuffer buf = b.buffers[first + i];
            iovs.set(LONG, i * IOV_STRIDE + IOV_BASE, buf.segment().address() + buf.start());
            iovs.set(LONG, i * IOV_STRIDE + IOV_LEN, buf.length());
        }
        int messages = 0;
        for (int i = 0; i < slots; ) {
            int slot = first + i;
            int run = gso ? runFrom(b, slot, slots - i, connected) : 1;
            int segment = run > 1 ? b.buffers[slot].length() : b.segmentSize[slot];
            long m = messages * MSG_STRIDE;
            msgs.set(LONG, m + MSG_IOV, iovBase + i * IOV_STRIDE);
            msgs.set(LONG, m + MSG_IOVLEN, run);
            writeAddress(msgs, m, names, b, slot, connected);
            long controlLength = 0;
            if (withControl) {
                int tc = b.ecn[slot] == 0 ? 0 : transport.trafficClassBase | b.ecn[slot];
                controlLength = ControlMessages.writeSend(v.controls, messages * v.controlStride(),
                        transport.sendsOverIpv4(b, slot), segment, tc, b, slot);
            }
            msgs.set(LONG, m + MSG_CONTROL, controlLength == 0 ? 0L : v.controlAddress(messages));
            msgs.set(LONG, m + MSG_CONTROLLEN, controlLength);
            runStart[messages] = i;
            runLength[messages] = run;
            messages++;
            i += run;
        }
        return messages;
    }

    private static void writeAddress(MemorySegment msgs, long m, long names, BatchState b, int slot, boolean connected) {
        if (connected) {
            msgs.set(LONG, m + MSG_NAME, 0L);
            msgs.set(INT, m + MSG_NAMELEN, 0);
        } else {
            msgs.set(LONG, m + MSG_NAME, names + BatchState.nameOffset(slot));
            msgs.set(INT, m + MSG_NAMELEN, b.nameLengths[slot]);
        }
    }

    /** How many slots from {@code slot} can go out as one GSO message (1 when none can join it). */
    private int runFrom(BatchState b, int slot, int available, boolean connected) {
        int size = b.buffers[slot].length();
        if (b.segmentSize[slot] != 0 || size == 0 || (!connected && refuses(b, slot))) {
            return 1;
        }
        int run = 1;
        int total = size;
        int limit = Math.min(available, UDP_MAX_SEGMENTS);
        while (run < limit) {
            int next = slot + run;
            int length = b.buffers[next].length();
            if (length == 0 || length > size || total + length > MAX_GSO_BYTES || b.segmentSize[next] != 0
                    || b.ecn[next] != b.ecn[slot] || !b.sameSendMetadata(slot, next)
                    || (!connected && !b.samePeer(slot, next))) {
                break;
            }
            total += length;
            run++;
            if (length < size) {
                break; // only the last segment may be shorter
            }
        }
        return run;
    }

    /**
     * Resends the datagrams of a refused GSO message one by one, without {@code UDP_SEGMENT}. Waits
     * briefly for room if the buffer fills (this path is rare); what still cannot go is counted as
     * would-block and its slot marked so.
     *
     * Leaves the datagrams and bytes sent in {@link #fallbackDatagrams} and {@link #fallbackBytes}.
     */
    private void fallback(BatchState b, int fd, int first, int run, boolean connected, boolean withControl)
            throws IOException {
        int datagrams = 0;
        long bytes = 0;
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        long names = b.names.address();
        for (int k = 0; k < run; k++) {
            int slot = first + k;
            DatagramBuffer buf = b.buffers[slot];
            int seg = run > 1 || b.segmentSize[slot] == 0 ? buf.length() : b.segmentSize[slot];
            SendStatus status = SendStatus.SENT;
            for (int off = 0; off < Math.max(1, buf.length()) && status == SendStatus.SENT; off += Math.max(1, seg)) {
                int length = Math.min(seg, buf.length() - off);
                iovs.set(LONG, IOV_BASE, buf.segment().address() + buf.start() + off);
                iovs.set(LONG, IOV_LEN, length);
                msgs.set(LONG, MSG_IOV, iovs.address());
                msgs.set(LONG, MSG_IOVLEN, 1L);
                writeAddress(msgs, 0, names, b, slot, connected);
                long controlLength = 0;
                if (withControl) {
                    int tc = b.ecn[slot] == 0 ? 0 : transport.trafficClassBase | b.ecn[slot];
                    controlLength = ControlMessages.writeSend(v.controls, 0, transport.sendsOverIpv4(b, slot), 0, tc, b,
                            slot);
                }
                msgs.set(LONG, MSG_CONTROL, controlLength == 0 ? 0L : v.controlAddress(0));
                msgs.set(LONG, MSG_CONTROLLEN, controlLength);
                status = sendOne(fd);
                if (status == SendStatus.SENT) {
                    stats.event(TransportEvent.GSO_FALLBACK, 1);
                    datagrams++;
                    bytes += length;
                } else {
                    // This datagram and the rest of the slot's payload are given up: count each one.
                    int left = Math.max(1, Math.ceilDiv(buf.length() - off, Math.max(1, seg)));
                    stats.drop(status.dropCause(), left);
                }
            }
            b.sendStatus[slot] = (byte) status.ordinal();
        }
        fallbackDatagrams = datagrams;
        fallbackBytes = bytes;
    }

    /** One datagram with the header at message 0; waits up to 100 ms for room. */
    private SendStatus sendOne(int fd) throws IOException {
        long giveUp = System.nanoTime() + FALLBACK_WAIT_NANOS;
        while (true) {
            stats.sendCall();
            long rc = LibC.sendmsg(v.capture, fd, v.msgs, SEND_FLAGS);
            if (rc >= 0) {
                return SendStatus.SENT;
            }
            int errno = LibC.errno(v.capture);
            if (errno == Errno.EINTR) {
                continue;
            }
            SendStatus s = NativeDatagramTransport.sendErrorStatus(errno);
            if (s == null) {
                throw transport.failure("sendmsg", errno);
            }
            if (s != SendStatus.WOULD_BLOCK || System.nanoTime() > giveUp) {
                return s;
            }
            Thread.onSpinWait();
        }
    }

    private boolean refuses(BatchState b, int slot) {
        for (int i = 0; i < refusingPeerCount; i++) {
            if (SocketAddressCodec.equals(refusingPeers, (long) i * BatchState.NAME_STRIDE, b.names,
                    BatchState.nameOffset(slot))) {
                return true;
            }
        }
        return false;
    }

    private void rememberRefusingPeer(BatchState b, int slot) {
        if (refuses(b, slot)) {
            return;
        }
        if (refusingPeerCount == MAX_REFUSING_PEERS) {
            coalescingDisabled = true; // too many refusals to track: stop coalescing on this socket
            return;
        }
        MemorySegment.copy(b.names, BatchState.nameOffset(slot), refusingPeers,
                (long) refusingPeerCount * BatchState.NAME_STRIDE, BatchState.NAME_STRIDE);
        refusingPeerCount++;
    }
}
