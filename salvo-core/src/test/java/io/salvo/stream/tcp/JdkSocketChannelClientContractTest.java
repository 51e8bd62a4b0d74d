package io.salvo.stream.tcp;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import static io.salvo.stream.tcp.NativeTcpV4ContractTest.nativeOptions;
import static org.assertj.core.api.Assertions.assertThat;

/** A plain JDK {@link SocketChannel} client (IPv6) connecting to a native Salvo listener: the subject is the accepted side. */
class JdkSocketChannelClientContractTest extends StreamTransportContract {

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("::1", 0), nativeOptions().build())) {
            SocketChannel client = SocketChannel.open(l.localAddress());
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(server, "native-tcp");
            assertThat(server.remoteAddress()).isEqualTo(client.getLocalAddress());
            return new Connection(server, Peer.of(client));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return TcpListener.bind(new InetSocketAddress("::1", 0), nativeOptions().backlog(backlog).build());
    }
}
