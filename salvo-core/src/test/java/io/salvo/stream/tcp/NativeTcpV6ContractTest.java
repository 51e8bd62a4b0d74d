package io.salvo.stream.tcp;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import static io.salvo.stream.tcp.NativeTcpV4ContractTest.nativeOptions;
import static io.salvo.stream.tcp.NativeTcpV4ContractTest.peerOptions;
import static org.assertj.core.api.Assertions.assertThat;

/** Native TCP over IPv6: the subject is the accepted side, the peer the connecting one. */
class NativeTcpV6ContractTest extends StreamTransportContract {

    static final String HOST = "::1";

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (TcpListener l = TcpListener.bind(new InetSocketAddress(HOST, 0), nativeOptions().build())) {
            TcpTransport client = TcpTransport.connect(l.localAddress(), peerOptions(resettablePeer), Duration.ofSeconds(10));
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(server, "native-tcp");
            assertThat(server.remoteAddress()).isEqualTo(client.localAddress());
            assertThat(server.localAddress()).isEqualTo(client.remoteAddress());
            return new Connection(server, Peer.of(client));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return TcpListener.bind(new InetSocketAddress(HOST, 0), nativeOptions().backlog(backlog).build());
    }

    @Override
    protected boolean connectsClients() {
        return true;
    }

    @Override
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        return TcpTransport.connect((InetSocketAddress) to, nativeOptions().build(), timeout);
    }

    @Override
    protected SocketAddress addressWithNothingListening() throws IOException {
        return Streams.unusedTcpAddress(HOST);
    }
}
