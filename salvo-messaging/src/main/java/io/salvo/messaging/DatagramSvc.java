package io.salvo.messaging;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Svc} over one datagram transport: the poller thread receives in batches and routes each
 * datagram to the connection of its source address, making one for a new address (up to
 * {@code maxConnections}; a datagram from one more new address is dropped and counted as
 * {@link CloseCause#OVER_CAPACITY}). Routing decodes each source address (one small allocation
 * per datagram). A connection that closes is forgotten; the next datagram from its peer opens a
 * new one.
 */
final class DatagramSvc<T> extends AbstractSvc<T> implements DatagramEndpoint.Router {

    private final DatagramEndpoint endpoint;
    private final Map<SocketAddress, DatagramConnection<T>> byPeer = new ConcurrentHashMap<>();

    private DatagramSvc(MessagingConfig<T> config, DatagramEndpoint endpoint) {
        super(config, endpoint.poller);
        this.endpoint = endpoint;
    }

    static <T> Svc<T> open(DatagramTransport transport, MessagingConfig<T> config) throws IOException {
        MessagingPoller poller;
        try {
            poller = MessagingPoller.forConfig(config);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
        DatagramEndpoint endpoint = new DatagramEndpoint(transport, poller);
        DatagramSvc<T> svc = new DatagramSvc<>(config, endpoint);
        try {
            endpoint.start(svc);
        } catch (IOException e) {
            transport.close();
            MessagingPoller.release(config, poller);
            throw e;
        }
        return svc;
    }

    @Override
    public void route(PacketBatch batch, int count) {
        for (int slot = 0; slot < count && endpoint.transport.isOpen(); slot++) {
            SocketAddress from = batch.peerAddress(slot);
            DatagramConnection<T> c = byPeer.get(from);
            if (c == null) {
                c = open(from);
                if (c == null) {
                    continue;
                }
            }
            c.arrive(batch.buffer(slot), batch.isTruncated(slot));
        }
    }

    /** A connection for a new peer (poller thread), or null when refused. */
    private DatagramConnection<T> open(SocketAddress from) {
        counters.accepted();
        if (from == null || closed.get() || !admit(from)) {
            return null;
        }
        if (!MessagingPoller.retain(config, poller)) { // one more use of this service's poller, given back by the close
            return null;
        }
        DatagramConnection<T> c;
        try {
            c = new DatagramConnection<>(endpoint, from, false, config, this, " <- ");
        } catch (RuntimeException e) {
            MessagingPoller.release(config, poller);
            LOG.log(System.Logger.Level.WARNING, config.name() + ": could not set up a connection for " + from, e);
            return null;
        }
        MessageHandler<T> h = handler;
        if (h != null) {
            c.onMessage(h);
        }
        if (config.hooks().requiresLogin()) {
            c.expectLogin();
        }
        live.add(c);
        byPeer.put(from, c);
        if (closed.get()) { // closed while this one was being set up: its close loop may have missed it
            c.close(CloseCause.SHUTDOWN, "the service " + config.name() + " closed", null);
            return null;
        }
        c.startTimers();
        if (!c.loginPending) {
            onReady(c);
        }
        return c;
    }

    @Override
    public void onClosed(Clt<T> connection, CloseCause cause) {
        byPeer.remove(connection.remoteAddress(), connection);
        super.onClosed(connection, cause);
    }

    @Override
    public SocketAddress localAddress() {
        return endpoint.transport.localAddress();
    }

    @Override
    void stopListening() {
        endpoint.close();
    }

    @Override
    public String toString() {
        return "Svc[" + config.name() + " on datagrams at " + endpoint.transport.localAddress() + "]";
    }
}
