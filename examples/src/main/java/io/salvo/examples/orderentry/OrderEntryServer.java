package io.salvo.examples.orderentry;

import io.salvo.messaging.Clt;
import io.salvo.messaging.ConnectionStats;
import io.salvo.messaging.MessagingConfig;
import io.salvo.messaging.Svc;
import io.salvo.messaging.SvcStats;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;

/**
 * The exchange: a {@link Svc} with the exchange's {@link OrderEntryProtocol configuration}, whose
 * sessions, once logged in, all hand their messages to one {@link Exchange} on the poller thread
 * (the callback flavour: one thread serves every trader, nothing blocks). Logins, heartbeats and order
 * validation happen in the {@link ExchangeHooks} before the application sees a message.
 *
 * <p>Thread-safe; {@link #close()} stops listening and closes every session.
 */
public final class OrderEntryServer implements AutoCloseable {

    private final Svc<OrderEntry> svc;
    private final Exchange exchange;

    private OrderEntryServer(Svc<OrderEntry> svc) {
        this.svc = svc;
        this.exchange = new Exchange();
        // Each session gets the handler when it is handed over, logged in; onAccept also takes any
        // that logged in before this line ran, which Svc.onMessage (for connections accepted later) would miss.
        svc.onAccept(session -> session.onMessage(exchange));
    }

    /** Listens on TCP (port 0 picks one; see {@link #localAddress()}) with the default exchange configuration. */
    public static OrderEntryServer tcp(SocketAddress local, Map<String, String> accounts, Set<String> symbols)
            throws IOException {
        return tcp(local, OrderEntryProtocol.exchange(accounts, symbols).build());
    }

    /** Listens on TCP with {@code config}, built from {@link OrderEntryProtocol#exchange}. */
    public static OrderEntryServer tcp(SocketAddress local, MessagingConfig<OrderEntry> config) throws IOException {
        return new OrderEntryServer(Svc.bind(local, config));
    }

    /**
     * Serves datagrams arriving on {@code transport}, one session per peer address; the server now
     * owns the transport. Unreliable: a lost order or answer is counted in the stats, not resent.
     */
    public static OrderEntryServer udp(DatagramTransport transport, MessagingConfig<OrderEntry> config) throws IOException {
        return new OrderEntryServer(Svc.overDatagrams(transport, config));
    }

    public SocketAddress localAddress() {
        return svc.localAddress();
    }

    /** The service's counters: sessions, messages, rejected messages, closes by cause. */
    public SvcStats stats() {
        return svc.stats();
    }

    /** Orders answered by {@link ExchangeHooks#autoReply} (invalid ones), over the sessions open now. */
    public long ordersRefusedByValidation() {
        return svc.connections().stream().map(Clt::stats).mapToLong(ConnectionStats::autoReplied).sum();
    }

    /** Orders live now over every session; each session's go when it closes. */
    public int liveOrders() {
        return exchange.liveOrders();
    }

    @Override
    public void close() {
        svc.close();
    }
}
