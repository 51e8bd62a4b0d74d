package io.salvo.examples.orderentry;

/**
 * The messages of a small order-entry protocol, the shape real ones have (OUCH, BOE): a trader logs
 * in, sends orders and cancels, and gets one answer for each, in order; both sides send heartbeats
 * when they have nothing else to say. Plain records: they are what the application sees, and each
 * decoded one is the receiver's to keep. On the wire, {@link OrderEntryCodec} lays them out.
 *
 * <table>
 *   <caption>Who sends what</caption>
 *   <tr><th>trader to exchange</th><th>exchange to trader</th></tr>
 *   <tr><td>{@link Login}</td><td>{@link LoginAccepted} or {@link LoginRejected} (then the exchange closes)</td></tr>
 *   <tr><td>{@link NewOrder}</td><td>{@link Ack} or {@link Reject}</td></tr>
 *   <tr><td>{@link CancelOrder}</td><td>{@link Cancelled} or {@link Reject}</td></tr>
 *   <tr><td>{@link Heartbeat}</td><td>{@link Heartbeat}</td></tr>
 * </table>
 */
public sealed interface OrderEntry {

    enum Side { BUY, SELL }

    enum RejectReason { UNKNOWN_SYMBOL, BAD_QUANTITY, BAD_PRICE, DUPLICATE_ORDER_ID, UNKNOWN_ORDER }

    /** The first message of a session. User up to 8 ASCII characters, password up to 16. */
    record Login(String user, String password) implements OrderEntry {}

    /** The login worked; the session number is the exchange's, for its logs. */
    record LoginAccepted(long session) implements OrderEntry {}

    /** The login failed (up to 32 ASCII characters of why); the exchange closes the connection after it. */
    record LoginRejected(String reason) implements OrderEntry {}

    /** Sent by either side after a silent interval; never delivered to the application. */
    record Heartbeat() implements OrderEntry {}

    /**
     * An order. {@code clientOrderId} is the trader's and must be unique in the session; the
     * symbol is up to 8 ASCII characters; the price is in ticks.
     */
    record NewOrder(long clientOrderId, String symbol, Side side, int quantity, long priceTicks) implements OrderEntry {}

    /** Cancels the live order the trader called {@code clientOrderId}. */
    record CancelOrder(long clientOrderId) implements OrderEntry {}

    /** The order is live on the exchange as {@code orderId}. */
    record Ack(long clientOrderId, long orderId) implements OrderEntry {}

    /** The order {@code orderId} was cancelled. */
    record Cancelled(long clientOrderId, long orderId) implements OrderEntry {}

    /** The order or cancel was refused; {@code text} is up to 32 ASCII characters for people. */
    record Reject(long clientOrderId, RejectReason reason, String text) implements OrderEntry {}
}
