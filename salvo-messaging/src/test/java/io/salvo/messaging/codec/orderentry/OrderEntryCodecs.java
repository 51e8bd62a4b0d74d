package io.salvo.messaging.codec.orderentry;

import io.salvo.messaging.codec.FixedLayoutCodec;
import io.salvo.messaging.codec.MessageTypeCodec;
import io.salvo.messaging.codec.orderentry.OrderEntry.Ack;
import io.salvo.messaging.codec.orderentry.OrderEntry.Heartbeat;
import io.salvo.messaging.codec.orderentry.OrderEntry.Login;
import io.salvo.messaging.codec.orderentry.OrderEntry.NewOrder;
import io.salvo.messaging.codec.orderentry.OrderEntry.Reject;
import io.salvo.messaging.codec.orderentry.OrderEntry.RejectReason;
import io.salvo.messaging.codec.orderentry.OrderEntry.Side;
import io.salvo.messaging.codec.orderentry.OrderEntry.TimeInForce;

/** The order-entry protocol's codecs: one fixed layout per message, dispatched on a type byte. */
public final class OrderEntryCodecs {

    public static final int LOGIN = 'L';
    public static final int HEARTBEAT = 'H';
    public static final int NEW_ORDER = 'O';
    public static final int ACK = 'A';
    public static final int REJECT = 'J';

    private OrderEntryCodecs() {
    }

    public static FixedLayoutCodec<Login> login() {
        return FixedLayoutCodec.builder(Login.class)
                .ascii("user", 8, Login::user)
                .ascii("password", 8, Login::password)
                .int64("nextSequence", Login::nextSequence)
                .build(r -> new Login(r.ascii(), r.ascii(), r.int64()));
    }

    public static FixedLayoutCodec<Heartbeat> heartbeat() {
        return FixedLayoutCodec.builder(Heartbeat.class).build(r -> new Heartbeat());
    }

    /** 30 bytes: the same layout {@link NewOrderView} reads in place. */
    public static FixedLayoutCodec<NewOrder> newOrder() {
        return FixedLayoutCodec.builder(NewOrder.class)
                .int64("clientOrderId", NewOrder::clientOrderId)
                .ascii("symbol", 8, NewOrder::symbol)
                .enumOrdinal("side", Side.class, NewOrder::side)
                .uint32("quantity", NewOrder::quantity)
                .int64("priceTicks", NewOrder::priceTicks)
                .enumOrdinal("timeInForce", TimeInForce.class, NewOrder::timeInForce)
                .build(r -> new NewOrder(r.int64(), r.ascii(), r.enumValue(), r.uint32(), r.int64(), r.enumValue()));
    }

    public static FixedLayoutCodec<Ack> ack() {
        return FixedLayoutCodec.builder(Ack.class)
                .int64("clientOrderId", Ack::clientOrderId)
                .int64("orderId", Ack::orderId)
                .int64("timestampNanos", Ack::timestampNanos)
                .build(r -> new Ack(r.int64(), r.int64(), r.int64()));
    }

    public static FixedLayoutCodec<Reject> reject() {
        return FixedLayoutCodec.builder(Reject.class)
                .int64("clientOrderId", Reject::clientOrderId)
                .enumOrdinal("reason", RejectReason.class, Reject::reason)
                .padding(3)
                .ascii("text", 20, Reject::text)
                .build(r -> new Reject(r.int64(), r.enumValue(), r.ascii()));
    }

    /** A fresh codec for one connection. */
    public static MessageTypeCodec<OrderEntry> protocol() {
        return MessageTypeCodec.builder(OrderEntry.class)
                .register(LOGIN, Login.class, login())
                .register(HEARTBEAT, Heartbeat.class, heartbeat())
                .register(NEW_ORDER, NewOrder.class, newOrder())
                .register(ACK, Ack.class, ack())
                .register(REJECT, Reject.class, reject())
                .build();
    }
}
