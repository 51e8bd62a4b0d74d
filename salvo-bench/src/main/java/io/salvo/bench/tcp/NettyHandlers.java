package io.salvo.bench.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.CompletableFuture;

/** The Netty peer's handlers; each sits behind the length-field decoder and prepender. */
final class NettyHandlers {

    private NettyHandlers() {
    }

    /** Writes every decoded frame back; flushes once per read burst, as Netty's own echo example does. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** The ping-pong client, driven from its event loop: each checked reply sends the next request. */
    static final class Ping extends ChannelInboundHandlerAdapter {
        private final int size;
        private final RoundTrips trips;
        private final CompletableFuture<PingPongRun> result = new CompletableFuture<>();
        private ByteBuf request;
        private long sentAt;

        Ping(int size, RoundTrips trips) {
            this.size = size;
            this.trips = trips;
        }

        CompletableFuture<PingPongRun> result() {
            return result;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            request = ctx.alloc().directBuffer(size);
            request.writeLong(0);
            for (int i = Frames.MIN_SIZE; i < size; i++) {
                request.writeByte(Frames.pattern(i));
            }
            if (trips.more()) {
                sendNext(ctx);
            } else {
                result.complete(trips.result());
            }
        }

        private void sendNext(ChannelHandlerContext ctx) {
            request.setLong(0, trips.sequence());
            sentAt = System.nanoTime();
            ctx.writeAndFlush(request.retainedDuplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            ByteBuf reply = (ByteBuf) msg;
            boolean same = reply.readableBytes() == size && ByteBufUtil.equals(reply, reply.readerIndex(), request, 0, size);
            reply.release();
            if (!same) {
                result.completeExceptionally(new IllegalStateException("reply " + trips.sequence() + " differs from the request"));
                return;
            }
            trips.record(now - sentAt);
            if (trips.more()) {
                sendNext(ctx);
            } else {
                result.complete(trips.result());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("connection closed after " + trips.sequence() + " round trips"));
            if (request != null) {
                request.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** The one-way receiver: checks each frame's length and sequence number, publishes the count per read burst. */
    static final class Count extends ChannelInboundHandlerAdapter {
        private final int size;
        private final OneWayWindow.Progress progress;
        private long expected;

        Count(int size, OneWayWindow.Progress progress) {
            this.size = size;
            this.progress = progress;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            progress.receiverStarted();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                long sequence = frame.readableBytes() >= Frames.MIN_SIZE ? frame.getLong(frame.readerIndex()) : -1;
                if (frame.readableBytes() != size || sequence != expected) {
                    throw Frames.damaged(expected, frame.readableBytes(), sequence, size);
                }
                expected++;
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            progress.published(expected);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            progress.failed(cause);
            ctx.close();
        }
    }
}
