package io.salvo.internal.linux;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchState;
import io.salvo.observe.SalvoEvents;
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
 * <p><b>Automatic GSO coalescing</b> is an optimisation Salvo chooses, so it never changes what is
 * delivered. When the socket supports UDP GSO and coalescing is on, a run of consecutive slots to
 * the same peer, with the same ECN and source address, whose payloads are equal in size (the last
 * may be shorter), becomes one message: its iovecs are the slots' buffers (no copy) and a
 * {@code UDP_SEGMENT} control message makes the kernel cut it back into the same datagrams. At most
 * 64 segments and 65,507 bytes per message, and only segments that fit the path as far as
 * {@link PathLimits} knows it. If the kernel refuses such a message for any reason but a full
 * buffer, its slots are sent again in the same {@code sendmmsg} as the plain datagrams they were
 * (counted as {@link TransportEvent#GSO_FALLBACK}), and their own outcomes are what the slots
 * report. {@code EMSGSIZE} teaches the destination's segment limit
 * ({@link TransportEvent#PATH_MTU_LEARNED}); {@code EIO} switches GSO off for the destination
 * ({@link TransportEvent#GSO_DISABLED}, logged once per socket).
 *
 * <p><b>Explicit GSO</b> (a slot with a segment size the caller set) keeps the kernel's answer
 * where it concerns the caller's choice: {@code EMSGSIZE} (a segment over the path MTU) fails the
 * slot, every datagram in it counted. {@code EIO} and {@code EINVAL} (the path cannot segment, too
 * many segments) mean the kernel cannot do it: the slot is cut into its datagrams in user space and
 * sent in {@code sendmmsg} batches; after {@code EIO}, later slots to that destination are cut
 * without asking the kernel again.
 *
 * <p>Allocation-free. Runs under the transport's send-direction lock.
 */
final class BatchSender {

    private static final System.Logger LOG = System.getLogger("io.salvo.transport.udp");
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int SEND_FLAGS = LinuxConstants.MSG_DONTWAIT | LinuxConstants.MSG_NOSIGNAL;
    /** Largest UDP payload over IPv4; GSO messages stay within it on either family. */
    private static final int MAX_GSO_BYTES = 65_507;
    /** How long a slot cut in user space may wait for room once part of it has gone. */
    private static final long SPLIT_WAIT_NANOS = 100_000_000L;

    private final NativeDatagramTransport transport;
    private final MessageVector v;
    private final StatsRecorder stats;
    private final PathLimits paths;
    private final int[] runStart = new int[UIO_MAXIOV];
    private final int[] runLength = new int[UIO_MAXIOV];
    private boolean loggedGsoRefusal;
    private int seenPathEpoch;
    private int splitDatagrams;
    private long splitBytes;

    BatchSender(NativeDatagramTransport transport, MessageVector v, StatsRecorder stats) {
        this.transport = transport;
        this.v = v;
        this.stats = stats;
        this.paths = new PathLimits(transport.socket.arena());
    }

    /** Caps every destination's GSO segments (the bound device's MTU less headers). */
    void capAllSegments(int maxPayload) {
        paths.capAllSegments(maxPayload);
    }

    /** True once the kernel refused GSO for every destination of this socket (or its connected peer). */
    boolean gsoRefusedEverywhere(boolean connected) {
        return paths.refusesGsoEverywhere(connected);
    }

    /** Sends from the batch's cursor; see {@link io.salvo.transport.DatagramTransport#sendBatch}. */
    int send(BatchState b, int fd, boolean connected, boolean withControl, boolean coalesce) throws IOException {
        int sentDatagrams = 0;
        long sentBytes = 0;
        if (seenPathEpoch != transport.pathEpoch) {
            seenPathEpoch = transport.pathEpoch;
            paths.connectedPath(transport.connectedPathLimit); // connected or disconnected since the last call
        }
        boolean gso = coalesce && withControl;
        int plainUntil = 0; // slots before this index go out plain in this call: their coalesced run was refused
        while (b.sendCursor < b.count) {
            int first = b.sendCursor;
            if (withControl && isExplicitGso(b, first) && paths.refusesGso(b, first, connected)) {
                SendStatus s = split(b, fd, first, connected);
                sentDatagrams += splitDatagrams;
                sentBytes += splitBytes;
                if (s == SendStatus.PENDING) {
                    stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
                    break;
                }
                b.sendCursor = first + 1;
                continue;
            }
            int slots = Math.min(b.count - first, UIO_MAXIOV);
            v.ensure(slots);
            int messages = build(b, first, slots, connected, withControl, gso, plainUntil);
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
            if (s == SendStatus.WOULD_BLOCK) {
                stats.event(TransportEvent.SEND_BUFFER_FULL, 1); // the datagrams stay PENDING from the cursor on
                break;
            }
            int run = runLength[0];
            if (run > 1) {
                // Salvo's own coalescing was refused: learn why, then send the same slots plainly.
                recordFallback(b, first, connected, errno, run, true);
                learnFromRefusedRun(b, first, connected, errno);
                stats.event(TransportEvent.GSO_FALLBACK, run);
                plainUntil = first + run;
                continue;
            }
            if (isExplicitGso(b, first) && (errno == Errno.EIO || errno == Errno.EINVAL)) {
                recordFallback(b, first, connected, errno, datagramsIn(b, first), false);
                if (errno == Errno.EIO) {
                    noteGsoRefused(b, first, connected);
                }
                SendStatus splitStatus = split(b, fd, first, connected);
                sentDatagrams += splitDatagrams;
                sentBytes += splitBytes;
                if (splitStatus == SendStatus.PENDING) {
                    stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
                    break;
                }
                b.sendCursor = first + 1;
                continue;
            }
            // A plain datagram, or explicit GSO the path refused for size: the slot fails, each datagram counted.
            b.sendStatus[first] = (byte) s.ordinal();
            stats.drop(s.dropCause(), datagramsIn(b, first));
            b.sendCursor = first + 1;
        }
        stats.sent(sentDatagrams, sentBytes);
        return sentDatagrams;
    }

    private static boolean isExplicitGso(BatchState b, int slot) {
        return b.segmentSize[slot] > 0 && b.buffers[slot].length() > b.segmentSize[slot];
    }

    private static int datagramsIn(BatchState b, int slot) {
        int length = b.buffers[slot].length();
        int seg = b.segmentSize[slot];
        return seg > 0 && length > seg ? Math.ceilDiv(length, seg) : 1;
    }

    /** A flight-recorder event for a refused GSO message, when a recording wants it (rare path: allocates). */
    private void recordFallback(BatchState b, int slot, boolean connected, int errno, int datagrams, boolean automatic) {
        if (SalvoEvents.recordingGsoFallbacks()) {
            Object destination = connected ? "the connected peer"
                    : SocketAddressCodec.decode(b.names, BatchState.nameOffset(slot), b.nameLengths[slot]);
            SalvoEvents.gsoFallback(transport, destination, Errno.name(errno), datagrams, automatic);
        }
    }

    private void learnFromRefusedRun(BatchState b, int slot, boolean connected, int errno) {
        if (errno == Errno.EMSGSIZE) {
            int limit = b.buffers[slot].length() - 1;
            if (connected) {
                limit = Math.min(limit, transport.connectedPathMaxPayload());
            }
            if (paths.lowerMaxSegment(b, slot, connected, limit)) {
                stats.event(TransportEvent.PATH_MTU_LEARNED, 1);
            }
        } else if (errno == Errno.EIO) {
            noteGsoRefused(b, slot, connected);
        }
    }

    private void noteGsoRefused(BatchState b, int slot, boolean connected) {
        if (!paths.markGsoRefused(b, slot, connected)) {
            return;
        }
        stats.event(TransportEvent.GSO_DISABLED, 1);
        if (!loggedGsoRefusal) {
            loggedGsoRefusal = true;
            Object where = connected ? "the connected peer"
                    : SocketAddressCodec.decode(b.names, BatchState.nameOffset(slot), b.nameLengths[slot]);
            LOG.log(System.Logger.Level.INFO, "UDP GSO refused by the kernel (EIO) on the path to " + where + " from "
                    + transport.localAddress() + "; sending plain datagrams there from now on (counted as GSO_DISABLED)");
        }
    }

    /** Writes the headers for up to {@code slots} slots from {@code first}; returns the message count. */
    private int build(BatchState b, int first, int slots, boolean connected, boolean withControl, boolean gso,
                      int plainUntil) {
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
            if (withControl && i > 0 && isExplicitGso(b, slot) && paths.refusesGso(b, slot, connected)) {
                break; // this slot must be cut in user space: end the message vector before it
            }
            int run = gso && slot >= plainUntil ? runFrom(b, slot, slots - i, connected) : 1;
            int segment = run > 1 ? b.buffers[slot].length() : b.segmentSize[slot];
            long m = messages * MSG_STRIDE;
            msgs.set(LONG, m + MSG_IOV, iovBase + i * IOV_STRIDE);
            msgs.set(LONG, m + MSG_IOVLEN, run);
            writeAddress(msgs, m, names, b, slot, connected);
            long controlLength = withControl ? writeControl(b, slot, messages, segment) : 0;
            msgs.set(LONG, m + MSG_CONTROL, controlLength == 0 ? 0L : v.controlAddress(messages));
            msgs.set(LONG, m + MSG_CONTROLLEN, controlLength);
            runStart[messages] = i;
            runLength[messages] = run;
            messages++;
            i += run;
        }
        return messages;
    }

    /** Writes the control messages of {@code slot} into message {@code index}'s area; returns their length. */
    private long writeControl(BatchState b, int slot, int index, int segment) {
        int tc = b.ecn[slot] == 0 ? 0 : transport.trafficClassBase | b.ecn[slot];
        return ControlMessages.writeSend(v.controls, index * v.controlStride(), transport.sendsOverIpv4(b, slot),
                segment, tc, b, slot);
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
        if (b.segmentSize[slot] != 0 || size == 0 || available < 2) {
            return 1;
        }
        if (paths.refusesGso(b, slot, connected) || size > paths.maxSegment(b, slot, connected)) {
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
     * Sends an explicit-GSO slot the kernel cannot segment as its datagrams, cut in user space and
     * sent in {@code sendmmsg} batches (every message points into the slot's buffer: no copy). A
     * datagram refused for its destination is counted and skipped. If the buffer is full before
     * anything of the slot went, returns {@link SendStatus#PENDING} with the slot untouched, for
     * the caller to retry; once part of it went, waits in {@code poll(2)} up to 100 ms for room,
     * then counts what is left as would-block losses.
     *
     * <p>Leaves the datagrams and bytes sent in {@link #splitDatagrams} and {@link #splitBytes}.
     */
    private SendStatus split(BatchState b, int fd, int slot, boolean connected) throws IOException {
        DatagramBuffer buf = b.buffers[slot];
        int seg = b.segmentSize[slot];
        int length = buf.length();
        int total = Math.ceilDiv(length, seg);
        long base = buf.segment().address() + buf.start();
        long names = b.names.address();
        v.ensure(Math.min(total, UIO_MAXIOV));
        MemorySegment msgs = v.msgs;
        MemorySegment iovs = v.iovs;
        // One control area serves every message of the slot: the kernel only reads it.
        long controlLength = writeControl(b, slot, 0, 0);
        long control = controlLength == 0 ? 0L : v.controlAddress(0);
        SendStatus status = SendStatus.SENT;
        int done = 0;
        int datagrams = 0;
        long bytes = 0;
        long giveUp = 0;
        while (done < total) {
            int n = Math.min(total - done, UIO_MAXIOV);
            for (int k = 0; k < n; k++) {
                int off = (done + k) * seg;
                long m = k * MSG_STRIDE;
                iovs.set(LONG, k * IOV_STRIDE + IOV_BASE, base + off);
                iovs.set(LONG, k * IOV_STRIDE + IOV_LEN, Math.min(seg, length - off));
                msgs.set(LONG, m + MSG_IOV, iovs.address() + k * IOV_STRIDE);
                msgs.set(LONG, m + MSG_IOVLEN, 1L);
                writeAddress(msgs, m, names, b, slot, connected);
                msgs.set(LONG, m + MSG_CONTROL, control);
                msgs.set(LONG, m + MSG_CONTROLLEN, controlLength);
            }
            stats.sendCall();
            int rc = LibC.sendmmsg(v.capture, fd, msgs, n, SEND_FLAGS);
            if (rc > 0) {
                for (int k = 0; k < rc; k++) {
                    bytes += Math.min(seg, length - (done + k) * seg);
                }
                datagrams += rc;
                done += rc;
                giveUp = 0;
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
            if (s == SendStatus.WOULD_BLOCK) {
                if (done == 0) {
                    status = SendStatus.PENDING; // nothing of the slot went: the caller retries it whole
                    break;
                }
                long now = System.nanoTime();
                giveUp = giveUp == 0 ? now + SPLIT_WAIT_NANOS : giveUp;
                if (now < giveUp) {
                    waitWritable(fd, giveUp - now);
                    continue;
                }
                stats.drop(s.dropCause(), total - done); // part of the slot went; the rest cannot wait longer
                status = s;
                break;
            }
            stats.drop(s.dropCause(), 1); // this datagram failed for its destination; the others go on
            status = s;
            done++;
        }
        if (status != SendStatus.PENDING) {
            b.sendStatus[slot] = (byte) status.ordinal();
        }
        stats.event(TransportEvent.GSO_FALLBACK, datagrams);
        splitDatagrams = datagrams;
        splitBytes = bytes;
        return status;
    }

    /** poll(2) for room in the send buffer; a failed poll only ends the wait early (the send says why). */
    private void waitWritable(int fd, long nanos) {
        try {
            PollOnce.ready(v.pollfd, v.capture, fd, LinuxConstants.POLLOUT, Math.max(1_000_000L, nanos));
        } catch (IOException ignored) {
            // the next sendmmsg reports what is wrong with the socket
        }
    }
}
