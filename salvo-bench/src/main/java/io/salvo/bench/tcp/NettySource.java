package io.salvo.bench.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-way sender on Netty, for the tcp and messaging benchmarks: while the channel is
 * writable, writes batches of messages (the pipeline's encoders turn each into bytes) and flushes
 * each batch; re-schedules itself so the event loop still does its I/O, and resumes when the
 * channel becomes writable again. Event-loop thread only.
 */
public final class NettySource extends ChannelInboundHandlerAdapter {

    /** Makes message number {@code sequence} (allocation as the pipeline's users would do it). */
    @FunctionalInterface
    public interface Messages {
        Object make(ChannelHandlerContext ctx, long sequence);
    }

    private final int perFlush;
    private final AtomicBoolean running;
    private final OneWayWindow.Progress progress;
    private final Messages messages;
    private long sequence;

    public NettySource(int perFlush, AtomicBoolean running, OneWayWindow.Progress progress, Messages messages) {
        this.perFlush = perFlush;
        this.running = running;
        this.progress = progress;
        this.messages = messages;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump(ctx);
        }
    }

    private void pump(ChannelHandlerContext ctx) {
        for (int round = 0; round < 16 && running.get() && ctx.channel().isWritable(); round++) {
            for (int i = 0; i < perFlush; i++) {
                ctx.write(messages.make(ctx, sequence++), ctx.voidPromise());
            }
            ctx.flush();
        }
        if (running.get() && ctx.channel().isWritable()) {
            ctx.executor().execute(() -> pump(ctx));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (running.get()) {
            progress.failed(cause);
        }
        ctx.close();
    }
}
