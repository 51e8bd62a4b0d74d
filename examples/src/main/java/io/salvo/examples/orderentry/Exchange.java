package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.CancelOrder;
import io.salvo.examples.orderentry.OrderEntry.Cancelled;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;
import io.salvo.messaging.Clt;
import io.salvo.messaging.ConnectionClosedException;
import io.salvo.messaging.MessageHandler;
import io.salvo.messaging.OutboundQueueFullException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exchange's application: the orders that reach it are valid on their own
 * ({@link ExchangeHooks} answered the others), so what is left needs memory: a client order id
 * used twice in a session is rejected, a cancel must name a live order. Live orders are kept per
 * connection and forgotten when it closes (cancel-on-disconnect, as real venues offer).
 *
 * <p>Runs on the poller thread ({@link io.salvo.messaging.Svc#onMessage}): one call at a time per
 * connection, never blocking: answers go out with {@code trySend}. A trader that does not read its
 * answers fills its outbound queue; then the handler throws and that connection alone is closed.
 * The maps are concurrent so that {@link #liveOrders()} may be read from any thread.
 */
final class Exchange implements MessageHandler<OrderEntry> {

    private final Map<Clt<OrderEntry>, Map<Long, Long>> liveOrders = new ConcurrentHashMap<>();
    private final AtomicLong orderIds = new AtomicLong();

    @Override
    public void onMessage(Clt<OrderEntry> from, OrderEntry message) throws Exception {
        Map<Long, Long> live = liveOrders.computeIfAbsent(from, c -> new ConcurrentHashMap<>());
        OrderEntry answer = switch (message) {
            case NewOrder order when live.containsKey(order.clientOrderId()) ->
                    new Reject(order.clientOrderId(), RejectReason.DUPLICATE_ORDER_ID, "order id in use");
            case NewOrder order -> {
                long orderId = orderIds.incrementAndGet();
                live.put(order.clientOrderId(), orderId);
                yield new Ack(order.clientOrderId(), orderId);
            }
            case CancelOrder cancel -> {
                Long orderId = live.remove(cancel.clientOrderId());
                yield orderId == null ? new Reject(cancel.clientOrderId(), RejectReason.UNKNOWN_ORDER, "no such live order")
                        : new Cancelled(cancel.clientOrderId(), orderId);
            }
            // ExchangeHooks.reject lets nothing else through
            default -> throw new IllegalStateException("the gate let " + message + " through");
        };
        if (!from.trySend(answer)) {
            throw new OutboundQueueFullException(from.name() + ": the trader does not read its answers");
        }
    }

    @Override
    public void onClose(Clt<OrderEntry> connection, ConnectionClosedException cause) {
        liveOrders.remove(connection);
    }

    /** Orders live now, over every connection. Any thread. */
    int liveOrders() {
        return liveOrders.values().stream().mapToInt(Map::size).sum();
    }
}
