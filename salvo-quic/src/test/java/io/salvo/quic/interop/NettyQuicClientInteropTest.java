package io.salvo.quic.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.salvo.quic.PeerWeights;
import io.salvo.quic.QuicStreamer;
import io.salvo.quic.QuicStreamerConfig;
import io.salvo.quic.QuicStreamerStats;
import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An independent QUIC stack, Netty's QUIC codec over Cloudflare's quiche (native, BoringSSL), as
 * the client: it verifies the streamer's certificate, negotiates {@code solana-tpu} and sends
 * packets as unidirectional streams over real UDP. Skipped, saying why, where quiche's native
 * library cannot load (it ships for linux-x86_64, linux-aarch64, osx and windows).
 */
class NettyQuicClientInteropTest {

    @Test
    void packetsSentByAQuicheClientArriveWhole() throws Exception {
        assumeTrue(Quic.isAvailable(), () -> "quiche (netty-codec-native-quic) cannot load here: " + Quic.unavailabilityCause());

        ServerCredentials credentials = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Map<Long, byte[]> received = new ConcurrentHashMap<>();
        int count = 100; // within the streamer's default stream credit, so the client never waits for MAX_STREAMS
        QuicStreamerConfig config = QuicStreamerConfig.defaults()
                .withStreamRates(1_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
            // Generous: on a loaded machine a stream's lost frames may take seconds to be resent.
            .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        java.util.concurrent.atomic.AtomicLong lastDelivery = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.atomic.AtomicInteger writesFailed = new java.util.concurrent.atomic.AtomicInteger();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (QuicStreamer streamer = QuicStreamer.start(UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0)), config,
                credentials, PeerWeights.NONE, (data, length, peer, id) -> {
                    byte[] copy = java.util.Arrays.copyOf(data, length);
                    received.put(ByteBuffer.wrap(copy).getLong(), copy);
                    lastDelivery.set(System.nanoTime());
                })) {
            QuicSslContext ssl = QuicSslContextBuilder.forClient()
                    .trustManager(credentials.certificate())
                    .applicationProtocols(QuicStreamerConfig.DEFAULT_ALPN)
                    .build();
            int port = ((InetSocketAddress) streamer.localAddress()).getPort();
            ChannelHandler codec = new QuicClientCodecBuilder()
                    // The engine names the server, so BoringSSL's client checks the certificate's names too.
                    .sslEngineProvider(q -> ssl.newEngine(q.alloc(), "localhost", port))
                    .maxIdleTimeout(10, TimeUnit.SECONDS)
                    .initialMaxData(10_000_000)
                    .initialMaxStreamDataUnidirectional(1_000_000)
                    .build();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            QuicChannel quic = QuicChannel.newBootstrap(udp)
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(streamer.localAddress())
                    .connect().get(10, TimeUnit.SECONDS);

            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] packet = new byte[1232];
                ByteBuffer.wrap(packet).putLong(i);
                java.util.Arrays.fill(packet, 8, packet.length, (byte) i);
                QuicStreamChannel stream = quic.createStream(QuicStreamType.UNIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                        .get(10, TimeUnit.SECONDS);
                stream.writeAndFlush(Unpooled.wrappedBuffer(packet)).addListener(f -> {
                    if (!f.isSuccess()) {
                        writesFailed.incrementAndGet();
                    }
                }).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // What each side saw before the client closes (closing fails the streams still being read).
            String before = "streamer stats before the client closed: " + streamer.stats()
                    + "; last packet delivered " + (lastDelivery.get() - start) / 1_000_000 + " ms after the first stream"
                    + "; writes failed: " + writesFailed.get() + "; client connection active: " + quic.isActive()
                    + (quic.isActive() ? "; client stats: " + describe(quic.collectStats().get(5, TimeUnit.SECONDS))
                            + " peerAllowedUniStreams=" + quic.peerAllowedStreams(QuicStreamType.UNIDIRECTIONAL) : "");
            quic.close().sync();
            udp.close().sync();

            assertThat(received).as("%s", before).hasSize(count);
            for (long i = 0; i < count; i++) {
                byte[] p = received.get(i);
                assertThat(p).hasSize(1232);
                assertThat(p[1231]).isEqualTo((byte) i);
            }
            QuicStreamerStats stats = streamer.stats();
            assertThat(stats.connectionsAccepted()).isEqualTo(1);
            assertThat(stats.packetsDelivered()).isEqualTo(count);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static String describe(io.netty.handler.codec.quic.QuicConnectionStats s) {
        return "sent=" + s.sent() + " recv=" + s.recv() + " lost=" + s.lost() + " sentBytes=" + s.sentBytes()
                + " lostBytes=" + s.lostBytes();
    }
}
