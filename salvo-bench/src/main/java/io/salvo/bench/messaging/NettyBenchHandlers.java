package io.salvo.bench.messaging;

import io.salvo.bench.RoundTripClock;
import io.salvo.bench.LatencyRun;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.salvo.bench.messaging.BenchMessage.Ack;
import io.salvo.bench.messaging.BenchMessage.Order;
import io.salvo.bench.tcp.OneWayWindow;

import java.util.concurrent.CompletableFuture;

/** The Netty peer's handlers; each sees records, behind the framing and the typed codec. */
final class NettyBenchHandlers {

    private NettyBenchHandlers() {
    }

    /** The server: an ack for each order; flushes once per read burst, as Netty's examples do. */
    static final class Answer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Order o)) {
                throw BenchMessage.damaged("the server got " + msg);
            }
            ctx.write(Ack.of(o), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** The ping-pong client, driven from its event loop: each checked ack sends the next order. */
    static final class Ping extends ChannelInboundHandlerAdapter {
        private final RoundTripClock clock;
        private final CompletableFuture<LatencyRun> result = new CompletableFuture<>();
        private Order outstanding;
        private long sentAt;

        Ping(RoundTripClock clock) {
            this.clock = clock;
        }

        CompletableFuture<LatencyRun> result() {
            return result;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (clock.more()) {
                sendNext(ctx);
            } else {
                result.complete(clock.result());
            }
        }

        private void sendNext(ChannelHandlerContext ctx) {
            outstanding = Order.number(clock.sequence());
            sentAt = System.nanoTime();
            ctx.writeAndFlush(outstanding, ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            if (!(msg instanceof Ack ack) || !ack.answers(outstanding)) {
                result.completeExceptionally(BenchMessage.damaged(msg + " does not answer " + outstanding));
                ctx.close();
                return;
            }
            clock.record(now - sentAt);
            if (clock.more()) {
                sendNext(ctx);
            } else {
                result.complete(clock.result());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("connection closed after " + clock.sequence() + " round trips"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** The one-way server: checks each order's sequence number, publishes the count per read burst. */
    static final class Count extends ChannelInboundHandlerAdapter {
        private final OneWayWindow.Progress progress;
        private long expected;

        Count(OneWayWindow.Progress progress) {
            this.progress = progress;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            progress.receiverStarted();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Order o) || o.sequence() != expected) {
                throw BenchMessage.damaged("expected order " + expected + ", got " + msg);
            }
            expected++;
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
