package io.salvo.bench.messaging;

import io.salvo.bench.RoundTripClock;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.messaging.BenchMessage.Order;
import io.salvo.bench.tcp.NettySource;
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
import io.salvo.bench.tcp.OneWayRun;
import io.salvo.bench.tcp.OneWayWindow;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The same protocol on Netty 4.2's epoll transport, tuned as its users tune it for latency:
 * {@code TCP_NODELAY}, the pooled allocator, {@link LengthFieldBasedFrameDecoder} and
 * {@link LengthFieldPrepender} around the typed codec of {@link NettyBenchCodecs}, one event loop
 * thread per side. {@link Mode#POLLER}: the event loops sleep in {@code epoll_wait};
 * {@link Mode#SPIN}: a {@link SelectStrategy#BUSY_WAIT} strategy, so they never sleep.
 */
final class NettyMessaging implements MessagingSystem {

    /** One-way sender: orders written per flush, as Salvo's sender queues per flush. */
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
    public List<Mode> modes() {
        return List.of(Mode.SPIN, Mode.POLLER);
    }

    @Override
    public LatencyRun pingPong(Mode mode, RoundTripClock clock) throws Exception {
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(mode));
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, handlerFactory(mode));
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(pipeline(NettyBenchHandlers.Answer::new))
                    .bind(SalvoMessaging.loopback()).sync().channel();
            NettyBenchHandlers.Ping ping = new NettyBenchHandlers.Ping(clock);
            Channel client = new Bootstrap().group(clientGroup).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .handler(pipeline(() -> ping))
                    .connect(server.localAddress()).sync().channel();
            try {
                return ping.result().get(clock.budgetNanos() / 1_000_000_000L + 10, TimeUnit.SECONDS);
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
    public OneWayRun oneWay(double warmupSeconds, double seconds) throws Exception {
        OneWayWindow.Progress progress = new OneWayWindow.Progress();
        AtomicBoolean running = new AtomicBoolean(true);
        EventLoopGroup receiverGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup senderGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel receiver = new ServerBootstrap().group(receiverGroup).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(pipeline(() -> new NettyBenchHandlers.Count(progress)))
                    .bind(SalvoMessaging.loopback()).sync().channel();
            Channel sender = new Bootstrap().group(senderGroup).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .handler(pipeline(() -> new NettySource(MESSAGES_PER_FLUSH, running, progress,
                            (ctx, sequence) -> Order.number(sequence))))
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

    /** Framing, then the typed codec, then the benchmark's handler. */
    private static ChannelInitializer<Channel> pipeline(Supplier<ChannelHandler> last) {
        NettyBenchCodecs.Decoder decoder = new NettyBenchCodecs.Decoder();
        NettyBenchCodecs.Encoder encoder = new NettyBenchCodecs.Encoder();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(256, 0, BenchMessage.HEADER, 0, BenchMessage.HEADER),
                        new LengthFieldPrepender(BenchMessage.HEADER), decoder, encoder, last.get());
            }
        };
    }

    private static IoHandlerFactory handlerFactory(Mode mode) {
        return mode == Mode.SPIN
                ? EpollIoHandler.newFactory(0, () -> (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT)
                : EpollIoHandler.newFactory();
    }

    private static void shutdown(EventLoopGroup group) throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
