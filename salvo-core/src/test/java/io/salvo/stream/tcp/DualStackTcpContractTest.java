package io.salvo.stream.tcp;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import static io.salvo.stream.tcp.NativeTcpV4ContractTest.nativeOptions;
import static io.salvo.stream.tcp.NativeTcpV4ContractTest.peerOptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dual stack: a native listener on {@code ::} accepts an IPv4 client; the subject is the accepted
 * (IPv6) socket carrying IPv4 traffic, and it reports plain IPv4 addresses.
 */
class DualStackTcpContractTest extends StreamTransportContract {

    private static InetSocketAddress ipv4(SocketAddress listener) {
        return new InetSocketAddress("127.0.0.1", ((InetSocketAddress) listener).getPort());
    }

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("::", 0), nativeOptions().build())) {
            TcpTransport client = TcpTransport.connect(ipv4(l.localAddress()), peerOptions(resettablePeer),
                    Duration.ofSeconds(10));
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(server, "native-tcp");
            assertThat(client.localAddress().getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(server.remoteAddress()).as("the IPv4 client's address, not an IPv4-mapped one")
                    .isEqualTo(client.localAddress());
            assertThat(server.localAddress()).isEqualTo(client.remoteAddress());
            return new Connection(server, Peer.of(client));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return TcpListener.bind(new InetSocketAddress("::", 0), nativeOptions().backlog(backlog).build());
    }

    @Override
    protected boolean connectsClients() {
        return true;
    }

    @Override
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        return TcpTransport.connect(ipv4(to), nativeOptions().build(), timeout);
    }

    @Override
    protected SocketAddress addressWithNothingListening() throws IOException {
        return Streams.unusedTcpAddress("127.0.0.1");
    }
}
