package io.salvo.messaging.codec.orderentry;

/**
 * A small order-entry protocol, the shape real ones have (OUCH, BOE): a one-byte message type, then
 * a fixed layout per type, big-endian, space-padded ASCII.
 */
public sealed interface OrderEntry {

    enum Side { BUY, SELL, SELL_SHORT }

    enum TimeInForce { DAY, IOC, FOK, GTC }

    enum RejectReason { UNKNOWN_SYMBOL, BAD_QUANTITY, BAD_PRICE, NOT_LOGGED_IN, THROTTLED }

    record Login(String user, String password, long nextSequence) implements OrderEntry {}

    record Heartbeat() implements OrderEntry {}

    record NewOrder(long clientOrderId, String symbol, Side side, long quantity, long priceTicks, TimeInForce timeInForce)
            implements OrderEntry {}

    record Ack(long clientOrderId, long orderId, long timestampNanos) implements OrderEntry {}

    record Reject(long clientOrderId, RejectReason reason, String text) implements OrderEntry {}
}
