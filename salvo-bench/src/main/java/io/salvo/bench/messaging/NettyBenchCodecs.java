package io.salvo.bench.messaging;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.salvo.bench.messaging.BenchMessage.Ack;
import io.salvo.bench.messaging.BenchMessage.Order;

import java.util.List;

/**
 * {@link BenchMessage} for Netty, as its users write typed codecs: a {@link MessageToMessageDecoder}
 * behind the {@code LengthFieldBasedFrameDecoder} turning each frame into a record, and a
 * {@link MessageToByteEncoder} in front of the {@code LengthFieldPrepender} writing one into a
 * pooled direct buffer. The same layout, field by field, as {@link SalvoBenchCodec}.
 */
final class NettyBenchCodecs {

    private NettyBenchCodecs() {
    }

    /** Stateless: one instance serves every channel. */
    @ChannelHandler.Sharable
    static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int at = in.readerIndex();
            int length = in.readableBytes();
            byte type = length > 0 ? in.getByte(at) : 0;
            if (type == BenchMessage.ORDER && length == BenchMessage.ORDER_SIZE) {
                out.add(new Order(in.getLong(at + 8), in.getLong(at + 16), in.getLong(at + 24), in.getInt(at + 4),
                        in.getByte(at + 1), in.getLong(at + 32), in.getLong(at + 40), in.getLong(at + 48)));
            } else if (type == BenchMessage.ACK && length == BenchMessage.ACK_SIZE) {
                out.add(new Ack(in.getLong(at + 8), in.getLong(at + 16)));
            } else {
                throw BenchMessage.damaged("type " + type + ", " + length + " bytes");
            }
            in.skipBytes(length);
        }
    }

    /** Stateless: one instance serves every channel. */
    @ChannelHandler.Sharable
    static final class Encoder extends MessageToByteEncoder<BenchMessage> {
        Encoder() {
            super(BenchMessage.class, true); // direct buffers from the channel's (pooled) allocator
        }

        @Override
        protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, BenchMessage msg, boolean preferDirect) {
            return ctx.alloc().directBuffer(msg instanceof Order ? BenchMessage.ORDER_SIZE : BenchMessage.ACK_SIZE);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, BenchMessage message, ByteBuf out) {
            switch (message) {
                case Order o -> out.writeByte(BenchMessage.ORDER).writeByte(o.side()).writeShort(0).writeInt(o.quantity())
                        .writeLong(o.sequence()).writeLong(o.clientOrderId()).writeLong(o.priceTicks()).writeLong(o.symbol())
                        .writeLong(o.account()).writeLong(o.sentNanos()).writeLong(0);
                case Ack a -> out.writeLong((long) BenchMessage.ACK << 56).writeLong(a.sequence()).writeLong(a.orderId());
            }
        }
    }
}
