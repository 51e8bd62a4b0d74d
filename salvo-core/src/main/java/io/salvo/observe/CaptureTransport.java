package io.salvo.observe;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DatagramTransport} that writes what it sends and receives to a pcapng capture
 * ({@link PcapngWriter}) and otherwise does exactly what the transport it wraps does: same
 * outcomes, same counters. Only datagrams the kernel took ({@link SendStatus#SENT}) and datagrams
 * delivered are written; a GSO slot is written as the datagrams it becomes.
 *
 * <p>A failure to write the capture never fails the I/O: it is counted ({@link #captureErrors()})
 * and logged once. Capturing allocates (addresses are decoded for the headers) and copies each
 * payload once; wrap only the transports you want to watch. Closing this closes the transport it
 * wraps and flushes the writer, but does not close the writer (several transports may share one).
 */
public final class CaptureTransport implements DatagramTransport {

    private final DatagramTransport transport;
    private final PcapngWriter writer;
    private final AtomicLong captureErrors = new AtomicLong();

    public CaptureTransport(DatagramTransport transport, PcapngWriter writer) {
        this.transport = transport;
        this.writer = writer;
    }

    /** Datagrams that could not be written to the capture. */
    public long captureErrors() {
        return captureErrors.get();
    }

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException {
        SendStatus s = transport.send(buffer, target);
        if (s == SendStatus.SENT) {
            capture(localAddress(), target, buffer, 0);
        }
        return s;
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException {
        SendStatus s = transport.offer(buffer, target);
        if (s == SendStatus.SENT) {
            capture(localAddress(), target, buffer, 0);
        }
        return s;
    }

    @Override
    public int sendBatch(PacketBatch batch) throws IOException {
        int from = batch.sendCursor();
        int n = transport.sendBatch(batch);
        for (int i = from; i < batch.sendCursor(); i++) {
            if (batch.sendStatus(i) == SendStatus.SENT) {
                capture(localAddress(), batch.peerAddress(i), batch.buffer(i), batch.segmentSize(i));
            }
        }
        return n;
    }

    @Override
    public SocketAddress recv(DatagramBuffer buffer) throws IOException {
        SocketAddress from = transport.recv(buffer);
        if (from != null) {
            capture(from, localAddress(), buffer, 0);
        }
        return from;
    }

    @Override
    public int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return captured(batch, fromSlot, transport.recvBatch(batch, fromSlot, maxCount));
    }

    @Override
    public int recvBatchWithoutSources(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return captured(batch, fromSlot, transport.recvBatchWithoutSources(batch, fromSlot, maxCount));
    }

    private int captured(PacketBatch batch, int fromSlot, int n) {
        for (int i = fromSlot; i < fromSlot + n; i++) {
            capture(batch.peerAddress(i), localAddress(), batch.buffer(i), 0);
        }
        return n;
    }

    /** Writes one datagram, or the datagrams of a GSO slot cut at {@code segmentSize}. */
    private void capture(SocketAddress from, SocketAddress to, DatagramBuffer b, int segmentSize) {
        int length = b.length();
        int step = segmentSize > 0 && segmentSize < length ? segmentSize : Math.max(1, length);
        try {
            int off = 0;
            do {
                int part = Math.min(step, length - off);
                writer.write(from, to, b.segment(), b.start() + off, part);
                off += part;
            } while (off < length);
        } catch (IOException | RuntimeException e) {
            if (captureErrors.getAndIncrement() == 0) {
                System.getLogger("io.salvo.observe").log(System.Logger.Level.WARNING,
                        "packet capture of " + transport + " failed (the traffic goes on, uncaptured): " + e);
            }
        }
    }

    @Override
    public boolean holdsReceivedDatagrams() {
        return transport.holdsReceivedDatagrams();
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return transport.awaitReadable(timeoutNanos);
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        return transport.awaitWritable(timeoutNanos);
    }

    @Override
    public Capabilities capabilities() {
        return transport.capabilities();
    }

    @Override
    public SocketStats stats() {
        return transport.stats();
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public boolean isOpen() {
        return transport.isOpen();
    }

    @Override
    public void close() {
        transport.close();
        try {
            writer.flush();
        } catch (IOException e) {
            captureErrors.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "CaptureTransport[" + transport + "]";
    }
}
