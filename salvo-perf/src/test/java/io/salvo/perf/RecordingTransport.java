package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.perf.sequence.SequenceHeader;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A receiving transport that writes down the stamp of every datagram it hands out, in arrival
 * order: an account of what arrived that does not go through salvo-perf's counting. Read
 * {@link #stamps()} after the receiving thread has ended.
 */
final class RecordingTransport implements DatagramTransport {

    private final DatagramTransport delegate;
    private final List<Long> stamps = new ArrayList<>();

    RecordingTransport(DatagramTransport delegate) {
        this.delegate = delegate;
    }

    /** The stamps of the datagrams received so far, in arrival order. */
    List<Long> stamps() {
        return stamps;
    }

    @Override
    public int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        int n = delegate.recvBatch(batch, fromSlot, maxCount);
        for (int i = fromSlot; i < fromSlot + n; i++) {
            DatagramBuffer b = batch.buffer(i);
            if (b.length() >= SequenceHeader.BYTES && b.getByte(0) == SequenceHeader.DATA) {
                stamps.add(SequenceHeader.read(b, 0));
            }
        }
        return n;
    }

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return delegate.send(buffer, target);
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return delegate.offer(buffer, target);
    }

    @Override
    public int sendBatch(PacketBatch batch) throws IOException {
        return delegate.sendBatch(batch);
    }

    @Override
    public SocketAddress recv(DatagramBuffer buffer) {
        throw new UnsupportedOperationException("the receive loop receives batches");
    }

    @Override
    public boolean holdsReceivedDatagrams() {
        return delegate.holdsReceivedDatagrams();
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return delegate.awaitReadable(timeoutNanos);
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public SocketStats stats() {
        return delegate.stats();
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
