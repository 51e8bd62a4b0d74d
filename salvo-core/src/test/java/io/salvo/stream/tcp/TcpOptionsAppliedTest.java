package io.salvo.stream.tcp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.NioChannelProbe;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.StreamSocketProbe;
import io.salvo.stream.Streams;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.salvo.internal.linux.LinuxConstants.IPPROTO_TCP;
import static io.salvo.internal.linux.LinuxConstants.SOL_SOCKET;
import static io.salvo.stream.tcp.NativeTcpV4ContractTest.nativeOptions;
import static io.salvo.stream.tcp.NioTcpContractTest.nioOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link TcpOptions} reach the kernel: each option is read back with {@code getsockopt} on both the
 * connecting and the accepted socket (native), or through the channel's own options (fallback).
 */
class TcpOptionsAppliedTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private <T extends AutoCloseable> T open(T t) {
        toClose.add(t);
        return t;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    /** Client and accepted server, both made with {@code options}. */
    private TcpTransport[] connect(TcpOptions options) throws IOException {
        TcpListener l = open(TcpListener.bind(LOOPBACK, options));
        TcpTransport client = open(TcpTransport.connect(l.localAddress(), options, Duration.ofSeconds(10)));
        TcpTransport server = open(Streams.acceptOne(l));
        return new TcpTransport[] {client, server};
    }

    private static int tcp(TcpTransport t, int name) throws IOException {
        return StreamSocketProbe.getInt(t, IPPROTO_TCP, name);
    }

    private static int socket(TcpTransport t, int name) throws IOException {
        return StreamSocketProbe.getInt(t, SOL_SOCKET, name);
    }

    @Test
    void noDelayIsOnByDefaultOnBothEndsAndCanBeTurnedOff() throws IOException {
        for (TcpTransport t : connect(nativeOptions().build())) {
            assertThat(tcp(t, LinuxConstants.TCP_NODELAY)).as("TCP_NODELAY on %s", t).isNotZero();
        }
        for (TcpTransport t : connect(nativeOptions().noDelay(false).build())) {
            assertThat(tcp(t, LinuxConstants.TCP_NODELAY)).isZero();
            t.setNoDelay(true);
            assertThat(tcp(t, LinuxConstants.TCP_NODELAY)).isNotZero();
        }
    }

    @Test
    void keepAliveSettingsReachBothEnds() throws IOException {
        for (TcpTransport t : connect(nativeOptions().build())) {
            assertThat(socket(t, LinuxConstants.SO_KEEPALIVE)).as("off unless asked").isZero();
        }
        TcpOptions o = nativeOptions().keepAlive(Duration.ofSeconds(7), Duration.ofSeconds(3), 4).build();
        for (TcpTransport t : connect(o)) {
            assertThat(socket(t, LinuxConstants.SO_KEEPALIVE)).isNotZero();
            assertThat(tcp(t, LinuxConstants.TCP_KEEPIDLE)).isEqualTo(7);
            assertThat(tcp(t, LinuxConstants.TCP_KEEPINTVL)).isEqualTo(3);
            assertThat(tcp(t, LinuxConstants.TCP_KEEPCNT)).isEqualTo(4);
        }
    }

    @Test
    void lingerIsSetOnlyWhenAsked() throws IOException {
        for (TcpTransport t : connect(nativeOptions().build())) {
            assertThat(StreamSocketProbe.linger(t)[0]).as("graceful close by default").isZero();
        }
        for (TcpTransport t : connect(nativeOptions().linger(Duration.ofSeconds(5)).build())) {
            assertThat(StreamSocketProbe.linger(t)).containsExactly(1, 5);
        }
        for (TcpTransport t : connect(nativeOptions().linger(Duration.ZERO).build())) {
            assertThat(StreamSocketProbe.linger(t)).containsExactly(1, 0);
        }
    }

    @Test
    void bufferSizesAndUserTimeoutReachTheKernel() throws IOException {
        TcpOptions o = nativeOptions().receiveBufferSize(100_000).sendBufferSize(150_000)
                .userTimeout(Duration.ofMillis(1234)).build();
        for (TcpTransport t : connect(o)) {
            // Linux doubles the value for its bookkeeping (and caps it at rmem_max/wmem_max, 4 MiB here).
            assertThat(socket(t, LinuxConstants.SO_RCVBUF)).isBetween(100_000, 200_000);
            assertThat(socket(t, LinuxConstants.SO_SNDBUF)).isBetween(150_000, 300_000);
            assertThat(tcp(t, LinuxConstants.TCP_USER_TIMEOUT)).isEqualTo(1234);
        }
    }

    @Test
    void busyPollReachesTheKernelWherePermitted() throws IOException {
        TcpTransport[] pair;
        try {
            pair = connect(nativeOptions().busyPollMicros(50).build());
        } catch (java.net.SocketException e) {
            assumeTrue(false, "SO_BUSY_POLL not permitted here: " + e.getMessage());
            return;
        }
        for (TcpTransport t : pair) {
            assertThat(socket(t, LinuxConstants.SO_BUSY_POLL)).isEqualTo(50);
        }
    }

    @Test
    void corkAndQuickAckReachTheKernel() throws IOException {
        TcpTransport t = connect(nativeOptions().build())[0];
        assertThat(tcp(t, LinuxConstants.TCP_CORK)).isZero();
        t.setCork(true);
        assertThat(tcp(t, LinuxConstants.TCP_CORK)).isNotZero();
        t.setCork(false);
        assertThat(tcp(t, LinuxConstants.TCP_CORK)).isZero();
        t.quickAck();
        assertThat(tcp(t, LinuxConstants.TCP_QUICKACK)).isNotZero();
    }

    @Test
    void listenersReuseAddressByDefault() throws IOException {
        NativeTcpListener on = (NativeTcpListener) open(TcpListener.bind(LOOPBACK, nativeOptions().build()));
        NativeTcpListener off = (NativeTcpListener) open(TcpListener.bind(LOOPBACK, nativeOptions().reuseAddress(false).build()));
        assertThat(StreamSocketProbe.getInt(on.nativeSocket(), SOL_SOCKET, LinuxConstants.SO_REUSEADDR)).isNotZero();
        assertThat(StreamSocketProbe.getInt(off.nativeSocket(), SOL_SOCKET, LinuxConstants.SO_REUSEADDR)).isZero();
    }

    @Test
    void reusePortLetsTwoListenersShareOnePortAndBothGetConnections() throws IOException {
        for (TcpOptions.Builder b : List.of(nativeOptions(), nioOptions())) {
            TcpOptions shared = b.reusePort(true).build();
            TcpListener first = open(TcpListener.bind(LOOPBACK, shared));
            TcpListener second = open(TcpListener.bind(first.localAddress(), shared));
            assertThat(second.localAddress()).isEqualTo(first.localAddress());
            assertThatThrownBy(() -> open(TcpListener.bind(first.localAddress(), nativeOptions().build())))
                    .as("a listener without SO_REUSEPORT cannot join").isInstanceOf(BindException.class);
            // The kernel spreads connections by a hash of their addresses: 32 clients all landing on one
            // listener would happen once in 2^31 runs.
            int clients = 32;
            for (int i = 0; i < clients; i++) {
                open(TcpTransport.connect(first.localAddress(), nativeOptions().build(), Duration.ofSeconds(10)));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (first.accepted() + second.accepted() < clients && System.nanoTime() < deadline) {
                for (TcpListener l : List.of(first, second)) {
                    TcpTransport t = l.accept();
                    if (t != null) {
                        open(t);
                    }
                }
                Thread.onSpinWait();
            }
            assertThat(first.accepted() + second.accepted()).isEqualTo(clients);
            assertThat(first.accepted()).isPositive();
            assertThat(second.accepted()).isPositive();
        }
    }

    @Test
    void ipv6OnlyListenerRefusesIpv4Clients() throws IOException {
        TcpListener v6only = open(TcpListener.bind(new InetSocketAddress("::", 0), nativeOptions().ipv6Only(true).build()));
        InetSocketAddress ipv4 = new InetSocketAddress("127.0.0.1", v6only.localAddress().getPort());
        assertThatThrownBy(() -> open(TcpTransport.connect(ipv4, nativeOptions().build(), Duration.ofSeconds(10))))
                .isInstanceOf(ConnectException.class);
        InetSocketAddress ipv6 = new InetSocketAddress("::1", v6only.localAddress().getPort());
        open(TcpTransport.connect(ipv6, nativeOptions().build(), Duration.ofSeconds(10)));
        assertThat(Streams.acceptOne(v6only)).isNotNull();
    }

    @Test
    void theFallbackAppliesTheSameOptions() throws IOException {
        TcpOptions o = nioOptions().keepAlive(Duration.ofSeconds(7), Duration.ofSeconds(3), 4)
                .linger(Duration.ofSeconds(5)).receiveBufferSize(100_000).sendBufferSize(150_000).build();
        for (TcpTransport t : connect(o)) {
            SocketChannel ch = NioChannelProbe.channelOf(t);
            assertThat(ch.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(ch.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(7);
            assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(3);
            assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
            assertThat(ch.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(5);
            assertThat(ch.getOption(StandardSocketOptions.SO_RCVBUF)).isBetween(100_000, 200_000);
            assertThat(ch.getOption(StandardSocketOptions.SO_SNDBUF)).isBetween(150_000, 300_000);
        }
        for (TcpTransport t : connect(nioOptions().noDelay(false).build())) {
            assertThat(NioChannelProbe.channelOf(t).getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();
        }
    }

    @Test
    void lingerZeroCloseResetsAJdkPeer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            TcpTransport client = open(TcpTransport.connect((InetSocketAddress) server.getLocalSocketAddress(),
                    nativeOptions().linger(Duration.ZERO).build(), Duration.ofSeconds(10)));
            try (Socket jdk = server.accept()) {
                jdk.setSoTimeout(30_000);
                client.close();
                assertThatThrownBy(() -> jdk.getInputStream().read())
                        .isInstanceOf(SocketException.class).hasMessageContaining("reset");
            }
        }
    }

    @Test
    void userTimeoutFailsAConnectionWhosePeerStopsReadingWithACountedSocketTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            server.setReceiveBufferSize(16 * 1024);
            TcpTransport client = open(TcpTransport.connect((InetSocketAddress) server.getLocalSocketAddress(),
                    nativeOptions().userTimeout(Duration.ofMillis(500)).sendBufferSize(16 * 1024).build(),
                    Duration.ofSeconds(10)));
            try (Socket neverReads = server.accept()) {
                // Once the peer's window is closed, the kernel probes it; with TCP_USER_TIMEOUT it gives
                // up after the timeout (Linux 5.1+) and fails the connection with ETIMEDOUT.
                DatagramBuffer out = DatagramBuffer.allocate(64 * 1024, 0);
                long deadline = System.nanoTime() + 60_000_000_000L;
                Throwable failure = null;
                while (failure == null && System.nanoTime() < deadline) {
                    try {
                        out.reset().setLength(out.capacity());
                        if (client.write(out) == 0) {
                            client.awaitWritable(1_000_000_000L);
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                assertThat(failure).isExactlyInstanceOf(SocketTimeoutException.class);
                assertThat(client.stats().timeouts()).isEqualTo(1);
                assertThat(neverReads.isClosed()).isFalse();
            }
        }
    }
}
