package io.salvo.transport.loopback;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.ReadinessSignal;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchAccess;
import io.salvo.internal.packet.BatchState;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.PriorityQueue;

/**
 * One endpoint of a {@link LoopbackNetwork}. Implements the full {@link DatagramTransport}
 * contract in memory: sends copy the payload into the network (so the caller's buffer is free
 * again at once), receives copy it out. A slot with a segment size is split into datagrams of that
 * size, as GSO would. Thread-safe through the network's lock; allocates one array per datagram in
 * flight, which is fine for tests and simulations.
 *
 * <p>It has no descriptor to wait on, so it signals instead: the network tells a {@code Poller}
 * servicing it each time it queues a datagram for it, and the poller leaves it alone otherwise.
 */
public final class LoopbackTransport implements DatagramTransport, ReadinessSignal {

    private static final Capabilities CAPABILITIES = new Capabilities("loopback", true, true, false, false, true,
            false, false, Integer.MAX_VALUE);

    private final LoopbackNetwork network;
    private final InetSocketAddress address;
    private final MemorySegment name;
    private final int nameLength;
    private final PriorityQueue<InFlightDatagram> queue;
    private final StatsRecorder stats = new StatsRecorder();
    private volatile boolean open = true;
    /** Told when a datagram is queued or held back for this endpoint, and on close; guarded by the network's lock. */
    private Runnable readinessListener;

    LoopbackTransport(LoopbackNetwork network, InetSocketAddress address, MemorySegment name, int nameLength,
                      PriorityQueue<InFlightDatagram> queue) {
        this.network = network;
        this.address = address;
        this.name = name;
        this.nameLength = nameLength;
        this.queue = queue;
    }

    /** The network this endpoint belongs to. */
    public LoopbackNetwork network() {
        return network;
    }

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws ClosedChannelException {
        return sendOne(buffer, target, false);
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws ClosedChannelException {
        return sendOne(buffer, target, true);
    }

    private SendStatus sendOne(DatagramBuffer buffer, SocketAddress target, boolean callerRetries)
            throws ClosedChannelException {
        synchronized (network.lock()) {
            ensureOpen();
            stats.sendCall();
            SendStatus s = network.transmit(this, target, buffer.segment(), buffer.start(), buffer.length(), 0);
            if (s == SendStatus.SENT) {
                stats.sent(1, buffer.length());
            } else if (s == SendStatus.WOULD_BLOCK) {
                if (callerRetries) {
                    stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
                } else {
                    stats.drop(DropCause.WOULD_BLOCK, 1);
                }
            }
            return s;
        }
    }

    @Override
    public int sendBatch(PacketBatch batch) throws ClosedChannelException {
        BatchState b = BatchAccess.state(batch);
        b.enterIo();
        try {
            synchronized (network.lock()) {
                ensureOpen();
                stats.sendCall();
                int sent = 0;
                long bytes = 0;
                while (b.sendCursor < b.count) {
                    int slot = b.sendCursor;
                    SendStatus s = sendSlot(b, slot);
                    if (s == SendStatus.WOULD_BLOCK) {
                        stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
                        break; // the slot stays PENDING at the cursor; the caller retries later
                    }
                    b.sendStatus[slot] = (byte) s.ordinal();
                    b.sendCursor++;
                    if (s == SendStatus.SENT) {
                        DatagramBuffer buf = b.buffers[slot];
                        int seg = b.segmentSize[slot];
                        sent += seg > 0 ? Math.max(1, Math.ceilDiv(buf.length(), seg)) : 1;
                        bytes += buf.length();
                    }
                }
                stats.sent(sent, bytes);
                return sent;
            }
        } finally {
            b.exitIo();
        }
    }

    private SendStatus sendSlot(BatchState b, int slot) {
        SocketAddress to = SocketAddressCodec.decode(b.names, BatchState.nameOffset(slot), b.nameLengths[slot]);
        DatagramBuffer buf = b.buffers[slot];
        int seg = b.segmentSize[slot];
        if (seg <= 0 || seg >= buf.length()) {
            return network.transmit(this, to, buf.segment(), buf.start(), buf.length(), b.ecn[slot]);
        }
        // GSO semantics: every segment but the last is exactly seg bytes.
        SendStatus result = SendStatus.SENT;
        for (int off = 0; off < buf.length(); off += seg) {
            SendStatus s = network.transmit(this, to, buf.segment(), buf.start() + off, Math.min(seg, buf.length() - off),
                    b.ecn[slot]);
            if (s == SendStatus.WOULD_BLOCK) {
                if (off == 0) {
                    return s; // nothing went: the slot stays pending, to be retried whole
                }
                stats.drop(DropCause.WOULD_BLOCK, 1); // a later segment: retrying the slot would duplicate the rest
            } else if (s != SendStatus.SENT) {
                result = s;
            }
        }
        return result;
    }

    @Override
    public SocketAddress recv(DatagramBuffer buffer) throws ClosedChannelException {
        synchronized (network.lock()) {
            ensureOpen();
            stats.receiveCall();
            buffer.reset();
            InFlightDatagram d = poll();
            if (d == null) {
                return null;
            }
            deliverInto(buffer, d);
            return SocketAddressCodec.decode(d.senderName, 0, d.senderNameLength);
        }
    }

    @Override
    public int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws ClosedChannelException {
        BatchState b = BatchAccess.state(batch);
        int end = fromSlot + b.receiveLimit(fromSlot, maxCount);
        b.enterIo();
        try {
            synchronized (network.lock()) {
                ensureOpen();
                stats.receiveCall();
                b.showOwnBuffers(fromSlot);
                int n = fromSlot;
                while (n < end) {
                    InFlightDatagram d = poll();
                    if (d == null) {
                        break;
                    }
                    DatagramBuffer buf = b.buffers[n].reset();
                    b.clearReceiveMetadata(n);
                    if (deliverInto(buf, d)) {
                        b.flags[n] |= BatchState.FLAG_TRUNCATED;
                    }
                    b.lengths[n] = d.trueLength;
                    b.ecn[n] = (byte) d.ecn;
                    MemorySegment.copy(d.senderName, 0, b.names, BatchState.nameOffset(n), d.senderNameLength);
                    b.nameLengths[n] = d.senderNameLength;
                    n++;
                }
                b.count = n;
                b.sendCursor = 0;
                return n - fromSlot;
            }
        } finally {
            b.exitIo();
        }
    }

    /** Copies a datagram into a buffer; returns true if it was (or had been) cut short. */
    private boolean deliverInto(DatagramBuffer buffer, InFlightDatagram d) {
        int n = Math.min(d.payload.length, buffer.capacity());
        MemorySegment.copy(d.payload, 0, buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), n);
        buffer.setLength(n);
        boolean truncated = n < d.trueLength;
        network.delivered(truncated);
        stats.received(1, n);
        if (truncated) {
            stats.drop(DropCause.TRUNCATED, 1);
        }
        return truncated;
    }

    /**
     * True while a receive would return a datagram now: the receive queue is what a loopback
     * endpoint holds (it has no kernel queue). Takes the network's lock.
     */
    @Override
    public boolean holdsReceivedDatagrams() {
        synchronized (network.lock()) {
            if (!open) {
                return false;
            }
            long now = network.nanoTime();
            InFlightDatagram d = queue.peek();
            return d != null && d.deliverAtNanos <= now || network.holdsBackDeliverable(this, now);
        }
    }

    @Override
    public void setReadinessListener(Runnable listener) {
        synchronized (network.lock()) {
            readinessListener = listener;
        }
    }

    @Override
    public void removeReadinessListener(Runnable listener) {
        synchronized (network.lock()) {
            if (readinessListener == listener) {
                readinessListener = null;
            }
        }
    }

    @Override
    public boolean awaitsInFlightDatagrams() {
        synchronized (network.lock()) {
            return open && (!queue.isEmpty() || network.holdsBackFor(this));
        }
    }

    /** Tells the installed listener that something may be there to receive. Caller holds the network's lock. */
    void signalReadiness() {
        Runnable listener = readinessListener;
        if (listener != null) {
            listener.run();
        }
    }

    private InFlightDatagram poll() {
        long now = network.nanoTime();
        InFlightDatagram d = queue.peek();
        if (d == null || d.deliverAtNanos > now) {
            network.releaseHeldBackTo(this);
            d = queue.peek();
            if (d == null || d.deliverAtNanos > now) {
                return null;
            }
        }
        return queue.poll();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SocketStats stats() {
        return stats.snapshot();
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        synchronized (network.lock()) {
            if (open) {
                open = false;
                network.closed(this);
                signalReadiness(); // a poller drops it on its next look
            }
        }
    }

    // ---------------------------------------------------------------- for the network

    StatsRecorder recorder() {
        return stats;
    }

    MemorySegment name() {
        return name;
    }

    int nameLength() {
        return nameLength;
    }

    PriorityQueue<InFlightDatagram> queue() {
        return queue;
    }

    @Override
    public String toString() {
        return "LoopbackTransport[" + address + "]";
    }

}
