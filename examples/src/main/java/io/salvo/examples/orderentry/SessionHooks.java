package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Heartbeat;
import io.salvo.examples.orderentry.OrderEntry.LoginAccepted;
import io.salvo.messaging.ProtocolHooks;

/**
 * What both ends of an order-entry session agree on: heartbeats (sent by the poller thread after a
 * silent interval, counted and swallowed on arrival) and which login answer lets the session
 * start. Stateless, so thread-safe: one instance serves every connection.
 */
abstract class SessionHooks implements ProtocolHooks<OrderEntry> {

    /** Records carry no identity: one instance is as good as a new one each time, and allocates nothing. */
    private static final Heartbeat HEARTBEAT = new Heartbeat();

    @Override
    public final OrderEntry heartbeat() {
        return HEARTBEAT;
    }

    @Override
    public final boolean isHeartbeat(OrderEntry message) {
        return message instanceof Heartbeat;
    }

    /** Asked on the trader about the first message back, and on the exchange about its own answer. */
    @Override
    public final boolean isLoginAccepted(OrderEntry response) {
        return response instanceof LoginAccepted;
    }
}
