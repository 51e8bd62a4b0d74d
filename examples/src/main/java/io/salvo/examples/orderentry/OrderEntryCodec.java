package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.CancelOrder;
import io.salvo.examples.orderentry.OrderEntry.Cancelled;
import io.salvo.examples.orderentry.OrderEntry.Heartbeat;
import io.salvo.examples.orderentry.OrderEntry.Login;
import io.salvo.examples.orderentry.OrderEntry.LoginAccepted;
import io.salvo.examples.orderentry.OrderEntry.LoginRejected;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;
import io.salvo.examples.orderentry.OrderEntry.Side;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.codec.FixedLayoutCodec;
import io.salvo.messaging.codec.MessageTypeCodec;

/**
 * The wire format of {@link OrderEntry}: each message is a frame with a 2-byte big-endian length
 * ({@link #FRAMER}), then a one-byte message type, then that type's fixed layout, big-endian,
 * ASCII fields padded with spaces. No reflection: each layout is declared with getters and a
 * constructor function ({@link FixedLayoutCodec}), and {@link MessageTypeCodec} dispatches on the type.
 *
 * <pre>
 * type  message        body (bytes)
 * 'L'   Login          user 8, password 16
 * 'l'   LoginAccepted  session int64
 * 'r'   LoginRejected  reason 32
 * 'H'   Heartbeat      (none)
 * 'O'   NewOrder       clientOrderId int64, symbol 8, side 1, quantity int32, priceTicks int64   (29)
 * 'X'   CancelOrder    clientOrderId int64
 * 'A'   Ack            clientOrderId int64, orderId int64
 * 'C'   Cancelled      clientOrderId int64, orderId int64
 * 'J'   Reject         clientOrderId int64, reason 1, 3 padding, text 32
 * </pre>
 *
 * A message with a text longer than its field, or not ASCII, is refused at the sender
 * ({@link IllegalArgumentException}) and nothing is sent.
 */
public final class OrderEntryCodec {

    /** The largest frame: the longest message is 45 bytes; the rest is room for new fields. */
    public static final int MAX_FRAME_SIZE = 256;

    /** 2-byte big-endian length, then the payload. Immutable: one serves every connection. */
    public static final Framer FRAMER = Framers.lengthPrefixed(2, MAX_FRAME_SIZE);

    private OrderEntryCodec() {
    }

    /**
     * A codec for one connection. Encoding allocates nothing; decoding allocates the record (and
     * its strings). The decoding half keeps state, so one per connection: pass
     * {@code OrderEntryCodec::create} where a codec factory is asked for.
     */
    public static MessageTypeCodec<OrderEntry> create() {
        return MessageTypeCodec.builder(OrderEntry.class)
                .register('L', Login.class, FixedLayoutCodec.builder(Login.class)
                        .ascii("user", 8, Login::user)
                        .ascii("password", 16, Login::password)
                        .build(r -> new Login(r.ascii(), r.ascii())))
                .register('l', LoginAccepted.class, FixedLayoutCodec.builder(LoginAccepted.class)
                        .int64("session", LoginAccepted::session)
                        .build(r -> new LoginAccepted(r.int64())))
                .register('r', LoginRejected.class, FixedLayoutCodec.builder(LoginRejected.class)
                        .ascii("reason", 32, LoginRejected::reason)
                        .build(r -> new LoginRejected(r.ascii())))
                .register('H', Heartbeat.class, FixedLayoutCodec.builder(Heartbeat.class)
                        .build(r -> new Heartbeat()))
                .register('O', NewOrder.class, FixedLayoutCodec.builder(NewOrder.class)
                        .int64("clientOrderId", NewOrder::clientOrderId)
                        .ascii("symbol", 8, NewOrder::symbol)
                        .enumOrdinal("side", Side.class, NewOrder::side)
                        .int32("quantity", NewOrder::quantity)
                        .int64("priceTicks", NewOrder::priceTicks)
                        .build(r -> new NewOrder(r.int64(), r.ascii(), r.enumValue(), r.int32(), r.int64())))
                .register('X', CancelOrder.class, FixedLayoutCodec.builder(CancelOrder.class)
                        .int64("clientOrderId", CancelOrder::clientOrderId)
                        .build(r -> new CancelOrder(r.int64())))
                .register('A', Ack.class, FixedLayoutCodec.builder(Ack.class)
                        .int64("clientOrderId", Ack::clientOrderId)
                        .int64("orderId", Ack::orderId)
                        .build(r -> new Ack(r.int64(), r.int64())))
                .register('C', Cancelled.class, FixedLayoutCodec.builder(Cancelled.class)
                        .int64("clientOrderId", Cancelled::clientOrderId)
                        .int64("orderId", Cancelled::orderId)
                        .build(r -> new Cancelled(r.int64(), r.int64())))
                .register('J', Reject.class, FixedLayoutCodec.builder(Reject.class)
                        .int64("clientOrderId", Reject::clientOrderId)
                        .enumOrdinal("reason", RejectReason.class, Reject::reason)
                        .padding(3)
                        .ascii("text", 32, Reject::text)
                        .build(r -> new Reject(r.int64(), r.enumValue(), r.ascii())))
                .build();
    }
}
