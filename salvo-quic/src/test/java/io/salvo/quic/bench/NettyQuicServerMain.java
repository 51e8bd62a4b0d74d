package io.salvo.quic.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.salvo.quic.QuicStreamerConfig;
import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference for the streamer's CPU target (#19): a Netty QUIC (quiche) server doing the same
 * job as {@code salvo-perf quic server} — one packet per unidirectional stream, 1,232 bytes at
 * most, ALPN {@code solana-tpu}, 128 streams of credit per connection — on one event-loop thread,
 * printing the same JSON keys, CPU measured the same way (process CPU over the window in which
 * streams arrived, sampled every 100 ms). A benchmark harness, not a test: run it from the test
 * class path, see docs/quic.md "Benchmarks". Netty QUIC stays a test-scope dependency.
 *
 * <p>Usage: {@code NettyQuicServerMain HOST:PORT SECONDS}
 */
public final class NettyQuicServerMain {

    /** No Retry round trip, like the streamer's default. */
    private static final QuicTokenHandler NO_RETRY = new QuicTokenHandler() {
        @Override public boolean writeToken(io.netty.buffer.ByteBuf out, io.netty.buffer.ByteBuf dcid, InetSocketAddress address) { return false; }
        @Override public int validateToken(io.netty.buffer.ByteBuf token, InetSocketAddress address) { return 0; }
        @Override public int maxTokenLength() { return 0; }
    };

    private NettyQuicServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        InetSocketAddress bind = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        double durationSeconds = Double.parseDouble(args[1]);
        ServerCredentials credentials = SelfSignedCertificate.generate("localhost", bind.getAddress().getHostAddress());
        PrivateKey key = (PrivateKey) credentials.keyStore().getKey(ServerCredentials.ALIAS, credentials.password());
        QuicSslContext ssl = QuicSslContextBuilder.forServer(key, null, credentials.certificate())
                .applicationProtocols(QuicStreamerConfig.DEFAULT_ALPN).build();

        AtomicLong streams = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong connections = new AtomicLong();
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(2L * 1233 * 128)
                .initialMaxStreamDataUnidirectional(1233)
                .initialMaxStreamsUnidirectional(128)
                .initialMaxStreamsBidirectional(0)
                .tokenHandler(NO_RETRY)
                .handler(new ConnectionCounter(connections))
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new PacketReader(streams, bytes));
                    }
                })
                .build();

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(bind).sync().channel();
            System.err.println("netty quic server: listening on " + bind + " for " + durationSeconds + " s");
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long end = System.nanoTime() + (long) (durationSeconds * 1e9);
            long cpuBefore = os.getProcessCpuTime();
            long windowCpuStart = -1;
            long windowStart = 0;
            long windowCpuEnd = 0;
            long windowEnd = 0;
            long last = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(100);
                long cpuNow = os.getProcessCpuTime();
                long now = streams.get();
                if (now != last) {
                    if (windowCpuStart < 0) {
                        windowCpuStart = cpuBefore;
                        windowStart = System.nanoTime() - 100_000_000L;
                    }
                    windowCpuEnd = cpuNow;
                    windowEnd = System.nanoTime();
                    last = now;
                }
                cpuBefore = cpuNow;
            }
            channel.close().sync();
            double seconds = windowCpuStart < 0 ? 0 : (windowEnd - windowStart) / 1e9;
            long n = streams.get();
            System.out.printf("{\"server\":\"netty-quic\",\"duration_s\":%.3f,\"streams\":%d,\"bytes\":%d,\"connections\":%d,"
                            + "\"server_cpu_ns_per_stream\":%s}%n", seconds, n, bytes.get(), connections.get(),
                    n > 0 ? String.valueOf((double) (windowCpuEnd - windowCpuStart) / n) : "null");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One instance serves every connection's pipeline. */
    @ChannelHandler.Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final AtomicLong connections;

        ConnectionCounter(AtomicLong connections) {
            this.connections = connections;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.incrementAndGet();
            ctx.fireChannelActive();
        }
    }

    /** Counts a stream's bytes and, when the peer's FIN has been read, one packet (1..1232 bytes). */
    private static final class PacketReader extends ChannelInboundHandlerAdapter {
        private final AtomicLong streams;
        private final AtomicLong bytes;
        private int length;

        PacketReader(AtomicLong streams, AtomicLong bytes) {
            this.streams = streams;
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            length += buf.readableBytes();
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof io.netty.channel.socket.ChannelInputShutdownReadComplete) {
                if (length > 0 && length <= 1232) {
                    streams.incrementAndGet();
                    bytes.addAndGet(length);
                }
                ctx.close();
            }
        }
    }
}
