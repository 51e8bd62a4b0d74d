package io.salvo.bench.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Netty 4.2's epoll transport tuned as its users tune it for latency: {@code TCP_NODELAY}, pooled
 * direct buffers, {@link LengthFieldBasedFrameDecoder} + {@link LengthFieldPrepender}, one event
 * loop thread per side, edge-triggered epoll (Netty's default, no re-arming after each read).
 * Block: the event loop sleeps in {@code epoll_wait}. Spin: a {@link SelectStrategy#BUSY_WAIT}
 * strategy, so the event loop polls {@code epoll_wait} with a zero timeout and never sleeps.
 * ({@code SO_BUSY_POLL} would not help: it polls a NIC queue, and loopback has none.)
 */
final class NettyTcpSystem implements TcpSystem {

    /** One-way sender: messages written per flush (one {@code writev} of 512 buffers: prefixes and payloads). */
    static final int MESSAGES_PER_FLUSH = 256;

    static boolean isAvailable() {
        return Epoll.isAvailable();
    }

    static String unavailableReason() {
        return String.valueOf(Epoll.unavailabilityCause());
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
    public PingPongRun pingPong(Flavour flavour, int size, RoundTrips trips) throws Exception {
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(flavour));
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(flavour));
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(pipeline(NettyHandlers.Echo::new))
                    .bind(SalvoTcpSystem.loopback()).sync().channel();
            NettyHandlers.Ping ping = new NettyHandlers.Ping(size, trips);
            Channel client = new Bootstrap().group(clientGroup).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .handler(pipeline(() -> ping))
                    .connect(server.localAddress()).sync().channel();
            try {
                return ping.result().get(trips.budgetNanos() / 1_000_000_000L + 10, TimeUnit.SECONDS);
            } finally {
                client.close().sync();
                server.close().sync();
            }
        } finally {
            shutdown(clientGroup);
            shutdown(serverGroup);
        }
    }

    @Override
    public OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception {
        OneWayWindow.Progress progress = new OneWayWindow.Progress();
        AtomicBoolean running = new AtomicBoolean(true);
        EventLoopGroup receiverGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup senderGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel receiver = new ServerBootstrap().group(receiverGroup).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(pipeline(() -> new NettyHandlers.Count(size, progress)))
                    .bind(SalvoTcpSystem.loopback()).sync().channel();
            Channel sender = new Bootstrap().group(senderGroup).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .handler(pipeline(() -> new NettySource(MESSAGES_PER_FLUSH, running, progress, (ctx, sequence) -> {
                        ByteBuf m = ctx.alloc().directBuffer(size); // freshly allocated pooled messages
                        return m.writeLong(sequence).writeZero(size - Frames.MIN_SIZE);
                    })))
                    .connect(receiver.localAddress()).sync().channel();
            try {
                return OneWayWindow.measure(progress, warmupSeconds, seconds);
            } finally {
                running.set(false);
                sender.close().sync();
                receiver.close().sync();
            }
        } finally {
            shutdown(senderGroup);
            shutdown(receiverGroup);
        }
    }

    /** The framing codecs, then the benchmark's own handler. */
    private static ChannelInitializer<Channel> pipeline(Supplier<ChannelHandler> last) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(Frames.BIG, 0, Frames.HEADER, 0, Frames.HEADER),
                        new LengthFieldPrepender(Frames.HEADER), last.get());
            }
        };
    }

    private static IoHandlerFactory handlerFactory(Flavour flavour) {
        return flavour == Flavour.SPIN
                ? EpollIoHandler.newFactory(0, () -> (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT)
                : EpollIoHandler.newFactory();
    }

    private static void shutdown(EventLoopGroup group) throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
