package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Salvo's native datagrams are exactly what a plain JDK DatagramChannel sends and receives, both ways. */
class RealPeerTest {

    private static final UdpOptions NATIVE = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void salvoToDatagramChannelAndBackByteForByte(String host) throws IOException {
        InetAddress ip = InetAddress.getByName(host);
        var family = ip.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        Random random = new Random(1);
        try (UdpTransport salvo = UdpTransport.bind(new InetSocketAddress(ip, 0), NATIVE);
             DatagramChannel jdk = DatagramChannel.open(family).bind(new InetSocketAddress(ip, 0));
             PacketBatch out = PacketBatch.allocate(20, 1472, 0);
             PacketBatch in = PacketBatch.allocate(20, 1472, 0)) {
            byte[][] payloads = new byte[20][];
            for (int i = 0; i < 20; i++) {
                payloads[i] = new byte[1 + random.nextInt(1400)];
                random.nextBytes(payloads[i]);
                out.add(payloads[i], jdk.getLocalAddress());
            }
            assertThat(salvo.sendBatch(out)).isEqualTo(20);
            ByteBuffer bb = ByteBuffer.allocate(2000);
            for (int i = 0; i < 20; i++) {
                bb.clear();
                InetSocketAddress from = (InetSocketAddress) jdk.receive(bb);
                assertThat(from).isEqualTo(salvo.localAddress());
                bb.flip();
                byte[] got = new byte[bb.remaining()];
                bb.get(got);
                assertThat(got).isEqualTo(payloads[i]);
            }
            for (int i = 0; i < 20; i++) {
                jdk.send(ByteBuffer.wrap(payloads[i]), salvo.localAddress());
            }
            java.util.List<byte[]> got = new java.util.ArrayList<>();
            int seen = Await.drain(salvo, in, 20, n -> {
                for (int i = 0; i < n; i++) {
                    assertThat(in.peerAddress(i)).isEqualTo(jdkAddress(jdk));
                    got.add(in.buffer(i).toByteArray());
                }
            });
            assertThat(seen).isEqualTo(20);
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i)).isEqualTo(payloads[i]);
            }
        }
    }

    private static InetSocketAddress jdkAddress(DatagramChannel ch) {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void datagramChannelToSalvoKeepsOrderAndSource(String host) throws IOException {
        InetAddress ip = InetAddress.getByName(host);
        var family = ip.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (UdpTransport salvo = UdpTransport.bind(new InetSocketAddress(ip, 0), NATIVE);
             DatagramChannel jdk = DatagramChannel.open(family).bind(new InetSocketAddress(ip, 0))) {
            DatagramBuffer in = DatagramBuffer.allocate();
            for (int i = 0; i < 50; i++) {
                byte[] p = ("datagram " + i + " from the JDK").getBytes();
                jdk.send(ByteBuffer.wrap(p), salvo.localAddress());
                InetSocketAddress from = null;
                long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
                while (from == null && System.nanoTime() < deadline) {
                    from = (InetSocketAddress) salvo.recv(in);
                }
                assertThat(from).isEqualTo(jdk.getLocalAddress());
                assertThat(in.toByteArray()).isEqualTo(p);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void dualStackSocketTalksToIpv4AndIpv6Peers(String peerHost) throws IOException {
        InetAddress peerIp = InetAddress.getByName(peerHost);
        var family = peerIp.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (UdpTransport dual = UdpTransport.bind(new InetSocketAddress("::", 0), NATIVE);
             DatagramChannel jdk = DatagramChannel.open(family).bind(new InetSocketAddress(peerIp, 0));
             PacketBatch out = PacketBatch.allocate(1);
             PacketBatch in = PacketBatch.allocate(1)) {
            out.add(new byte[] {1, 2, 3}, jdk.getLocalAddress());
            assertThat(dual.sendBatch(out)).isEqualTo(1);
            ByteBuffer bb = ByteBuffer.allocate(16);
            InetSocketAddress from = (InetSocketAddress) jdk.receive(bb);
            assertThat(from.getPort()).isEqualTo(dual.localAddress().getPort());
            jdk.send(ByteBuffer.wrap(new byte[] {4, 5}), new InetSocketAddress(peerIp, dual.localAddress().getPort()));
            assertThat(Await.recvBatch(dual, in)).isEqualTo(1);
            assertThat(in.peerAddress(0)).isEqualTo(jdk.getLocalAddress());
            assertThat(in.buffer(0).toByteArray()).containsExactly(4, 5);
        }
    }
}
