package io.salvo.bench.messaging;

import io.salvo.bench.messaging.BenchMessage.Ack;
import io.salvo.bench.messaging.BenchMessage.Order;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;

/**
 * {@link BenchMessage} for salvo-messaging: the same hand-written layout as {@link NettyBenchCodecs},
 * field by field, so both systems do the same work per message. Decoding allocates the record;
 * encoding allocates nothing. Stateless: thread-safe.
 */
final class SalvoBenchCodec implements Codec<BenchMessage> {

    @Override
    public void encode(BenchMessage message, DatagramBuffer out) throws FramingException {
        switch (message) {
            case Order o -> {
                if (out.tailroom() < BenchMessage.ORDER_SIZE) {
                    throw new FramingException("no room for an order");
                }
                int at = out.length();
                out.setLength(at + BenchMessage.ORDER_SIZE);
                out.setByte(at, BenchMessage.ORDER);
                out.setByte(at + 1, o.side());
                out.setShort(at + 2, 0);
                out.setInt(at + 4, o.quantity());
                out.setLong(at + 8, o.sequence());
                out.setLong(at + 16, o.clientOrderId());
                out.setLong(at + 24, o.priceTicks());
                out.setLong(at + 32, o.symbol());
                out.setLong(at + 40, o.account());
                out.setLong(at + 48, o.sentNanos());
                out.setLong(at + 56, 0);
            }
            case Ack a -> {
                if (out.tailroom() < BenchMessage.ACK_SIZE) {
                    throw new FramingException("no room for an ack");
                }
                int at = out.length();
                out.setLength(at + BenchMessage.ACK_SIZE);
                out.setLong(at, (long) BenchMessage.ACK << 56);
                out.setLong(at + 8, a.sequence());
                out.setLong(at + 16, a.orderId());
            }
        }
    }

    @Override
    public BenchMessage decode(DatagramBuffer in, int offset, int length) throws FramingException {
        byte type = length > 0 ? in.getByte(offset) : 0;
        if (type == BenchMessage.ORDER && length == BenchMessage.ORDER_SIZE) {
            return new Order(in.getLong(offset + 8), in.getLong(offset + 16), in.getLong(offset + 24), in.getInt(offset + 4),
                    in.getByte(offset + 1), in.getLong(offset + 32), in.getLong(offset + 40), in.getLong(offset + 48));
        }
        if (type == BenchMessage.ACK && length == BenchMessage.ACK_SIZE) {
            return new Ack(in.getLong(offset + 8), in.getLong(offset + 16));
        }
        throw new FramingException("not an order or an ack: type " + type + ", " + length + " bytes");
    }
}
