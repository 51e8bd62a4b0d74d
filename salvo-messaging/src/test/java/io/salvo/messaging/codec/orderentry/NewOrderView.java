package io.salvo.messaging.codec.orderentry;

import io.salvo.messaging.codec.Flyweight;
import io.salvo.messaging.codec.orderentry.OrderEntry.Side;
import io.salvo.messaging.codec.orderentry.OrderEntry.TimeInForce;

import java.nio.ByteOrder;

/**
 * The flyweight style for the hot path: a {@link OrderEntry.NewOrder} read in place, field by
 * field, with no object per message. Same bytes as {@link OrderEntryCodecs#newOrder()}.
 */
public final class NewOrderView extends Flyweight {

    public static final int LENGTH = 30;
    private static final int CLIENT_ORDER_ID = 0;
    private static final int SYMBOL = 8;
    private static final int SYMBOL_WIDTH = 8;
    private static final int SIDE = 16;
    private static final int QUANTITY = 17;
    private static final int PRICE_TICKS = 21;
    private static final int TIME_IN_FORCE = 29;
    private static final Side[] SIDES = Side.values();
    private static final TimeInForce[] TIMES_IN_FORCE = TimeInForce.values();

    public NewOrderView() {
        super(LENGTH, LENGTH, ByteOrder.BIG_ENDIAN);
    }

    public long clientOrderId() {
        return int64(CLIENT_ORDER_ID);
    }

    public boolean symbolEquals(CharSequence symbol) {
        return asciiEquals(SYMBOL, SYMBOL_WIDTH, symbol);
    }

    public StringBuilder symbol(StringBuilder to) {
        return ascii(SYMBOL, SYMBOL_WIDTH, to);
    }

    /** The side, or null for an ordinal this version does not know. */
    public Side side() {
        int ordinal = uint8(SIDE);
        return ordinal < SIDES.length ? SIDES[ordinal] : null;
    }

    public long quantity() {
        return uint32(QUANTITY);
    }

    public long priceTicks() {
        return int64(PRICE_TICKS);
    }

    public TimeInForce timeInForce() {
        int ordinal = uint8(TIME_IN_FORCE);
        return ordinal < TIMES_IN_FORCE.length ? TIMES_IN_FORCE[ordinal] : null;
    }

    public NewOrderView clientOrderId(long value) {
        putInt64(CLIENT_ORDER_ID, value);
        return this;
    }

    public NewOrderView symbol(CharSequence value) {
        putAscii(SYMBOL, SYMBOL_WIDTH, value);
        return this;
    }

    public NewOrderView side(Side value) {
        putInt8(SIDE, value.ordinal());
        return this;
    }

    public NewOrderView quantity(long value) {
        putInt32(QUANTITY, (int) value);
        return this;
    }

    public NewOrderView priceTicks(long value) {
        putInt64(PRICE_TICKS, value);
        return this;
    }

    public NewOrderView timeInForce(TimeInForce value) {
        putInt8(TIME_IN_FORCE, value.ordinal());
        return this;
    }
}
