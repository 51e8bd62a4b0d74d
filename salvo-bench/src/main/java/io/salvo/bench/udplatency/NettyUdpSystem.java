package io.salvo.bench.udplatency;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's epoll datagram transport, one event-loop thread per side, pooled direct buffers. The client channel is connected and writes the probe
 * buffer itself; the echo writes a {@link DatagramPacket} back to each sender and flushes once per
 * read burst. Block: the event loop sleeps in {@code epoll_wait}. Spin: a
 * {@link SelectStrategy#BUSY_WAIT} strategy, so the loop polls {@code epoll_wait} with a zero
 * timeout and never sleeps.
 */
final class NettyUdpSystem implements LatencySystem {

    static String unavailableReason() {
        return Epoll.isAvailable() ? null : "epoll unavailable: " + Epoll.unavailabilityCause();
    }

    @Override
    public String name() {
        return "netty-epoll";
    }

    @Override
    public Kind kind() {
        return Kind.JAVA_PEER;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception {
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(flavour));
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(flavour));
        try {
            Channel server = bootstrap(serverGroup, size).handler(new Echo()).bind(SalvoUdpSystem.loopback()).sync().channel();
            Ping ping = new Ping(size, clock);
            Channel client = bootstrap(clientGroup, size).handler(ping).connect(server.localAddress()).sync().channel();
            try {
                client.eventLoop().execute(() -> ping.start(client));
                return ping.result.get(clock.budgetNanos() / 1_000_000_000L + 10, TimeUnit.SECONDS);
            } finally {
                client.close().sync();
                server.close().sync();
            }
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Receive buffers of Netty's default 2048 bytes, or one byte more than a probe, so a longer echo shows. */
    private static Bootstrap bootstrap(EventLoopGroup group, int size) {
        return new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(2048, size + 1)));
    }

    private static IoHandlerFactory handlerFactory(Flavour flavour) {
        return flavour == Flavour.SPIN
                ? EpollIoHandler.newFactory(0, () -> (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT)
                : EpollIoHandler.newFactory();
    }

    /** Every datagram back to its sender; one flush per read burst, as Netty's own echo examples do. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            ctx.write(new DatagramPacket(p.content(), p.sender()), ctx.voidPromise()); // the content moves to the reply
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** The client, driven from its event loop: each checked echo sends the next probe. */
    private static final class Ping extends ChannelInboundHandlerAdapter {
        private final int size;
        private final RoundTripClock clock;
        final CompletableFuture<LatencyRun> result = new CompletableFuture<>();
        private ByteBuf probe;
        private long sentAt;

        Ping(int size, RoundTripClock clock) {
            this.size = size;
            this.clock = clock;
        }

        void start(Channel ch) {
            probe = ch.alloc().directBuffer(size);
            probe.writeLong(0);
            for (int i = Probe.MIN_SIZE; i < size; i++) {
                probe.writeByte(Probe.pattern(i));
            }
            next(ch);
        }

        private void next(Channel ch) {
            if (!clock.more()) {
                result.complete(clock.result());
                return;
            }
            probe.setLong(0, clock.sequence());
            sentAt = System.nanoTime();
            ch.writeAndFlush(probe.retainedDuplicate(), ch.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            DatagramPacket p = (DatagramPacket) msg;
            ByteBuf echo = p.content();
            boolean same = echo.readableBytes() == size && ByteBufUtil.equals(echo, echo.readerIndex(), probe, 0, size);
            int length = echo.readableBytes();
            p.release();
            if (!same) {
                result.completeExceptionally(Probe.differs(clock.sequence(), length, size));
                return;
            }
            clock.record(now - sentAt);
            next(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("channel closed after " + clock.sequence() + " round trips"));
            if (probe != null) {
                probe.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
