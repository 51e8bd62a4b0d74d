package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.loop.Handlers;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One datagram transport under messaging: received on the poller thread in batches and routed to
 * connections by peer; sent to by any connection under one lock (a transport takes one sender at a
 * time).
 */
final class DatagramEndpoint implements Handlers.BatchHandler {

    /** Where received datagrams go (poller thread). */
    interface Router {
        void route(PacketBatch batch, int count);
    }

    final DatagramTransport transport;
    final MessagingPoller poller;
    private final ReentrantLock sendLock = new ReentrantLock();
    private Router router;

    DatagramEndpoint(DatagramTransport transport, MessagingPoller poller) {
        this.transport = transport;
        this.poller = poller;
    }

    /** Starts receiving into {@code r} on the poller thread. */
    void start(Router r) throws IOException {
        router = r;
        try {
            poller.poller().register(transport, this);
        } catch (IllegalStateException stopped) {
            throw new IOException("the poller " + poller.name() + " has stopped", stopped);
        }
    }

    @Override
    public void onBatch(PacketBatch batch, int count) {
        poller.notePollerThread();
        router.route(batch, count);
    }

    /** Offers one datagram; {@link SendStatus#WOULD_BLOCK} leaves it with the caller to retry. */
    SendStatus send(DatagramBuffer datagram, SocketAddress to) throws IOException {
        sendLock.lock();
        try {
            return transport.offer(datagram, to);
        } finally {
            sendLock.unlock();
        }
    }

    /** Closes the transport; the poller drops it by itself (safe from inside {@link #onBatch}: routers stop at a closed transport). */
    void close() {
        transport.close();
    }
}
