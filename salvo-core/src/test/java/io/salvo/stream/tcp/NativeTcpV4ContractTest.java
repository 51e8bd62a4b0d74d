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

/** Native TCP over IPv4: the subject is the connecting side, the peer the accepted one. */
class NativeTcpV4ContractTest extends StreamTransportContract {

    static final String HOST = "127.0.0.1";

    static TcpOptions.Builder nativeOptions() {
        return TcpOptions.builder().implementation(TcpOptions.Implementation.NATIVE);
    }

    /** Options for the peer: with {@code resettable}, its close resets the connection. */
    static TcpOptions peerOptions(boolean resettable) {
        return resettable ? nativeOptions().linger(Duration.ZERO).build() : nativeOptions().build();
    }

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (TcpListener l = TcpListener.bind(new InetSocketAddress(HOST, 0), peerOptions(resettablePeer))) {
            TcpTransport client = TcpTransport.connect(l.localAddress(), nativeOptions().build(), Duration.ofSeconds(10));
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(client, "native-tcp");
            Streams.assertKind(server, "native-tcp");
            return new Connection(client, Peer.of(server));
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
