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

/** The SocketChannel fallback on both ends: the subject is the connecting side. */
class NioTcpContractTest extends StreamTransportContract {

    static TcpOptions.Builder nioOptions() {
        return TcpOptions.builder().implementation(TcpOptions.Implementation.NIO);
    }

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        TcpOptions peer = resettablePeer ? nioOptions().linger(Duration.ZERO).build() : nioOptions().build();
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), peer)) {
            TcpTransport client = TcpTransport.connect(l.localAddress(), nioOptions().build(), Duration.ofSeconds(10));
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(client, "nio-tcp");
            Streams.assertKind(server, "nio-tcp");
            return new Connection(client, Peer.of(server));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), nioOptions().backlog(backlog).build());
    }

    @Override
    protected boolean connectsClients() {
        return true;
    }

    @Override
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        return TcpTransport.connect((InetSocketAddress) to, nioOptions().build(), timeout);
    }

    @Override
    protected SocketAddress addressWithNothingListening() throws IOException {
        return Streams.unusedTcpAddress("127.0.0.1");
    }
}
