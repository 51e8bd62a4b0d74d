package io.salvo.stream.tcp;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

import static io.salvo.stream.tcp.NativeTcpV4ContractTest.nativeOptions;
import static org.assertj.core.api.Assertions.assertThat;

/** A native Salvo client against a plain JDK {@link ServerSocket}: the peer is a java.net.Socket. */
class JdkServerSocketPeerContractTest extends StreamTransportContract {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 4, LOOPBACK)) {
            server.setSoTimeout((int) Peer.DEADLINE.toMillis());
            TcpTransport client = TcpTransport.connect((InetSocketAddress) server.getLocalSocketAddress(),
                    nativeOptions().build(), Duration.ofSeconds(10));
            Socket accepted = server.accept();
            Streams.assertKind(client, "native-tcp");
            assertThat(accepted.getRemoteSocketAddress()).isEqualTo(client.localAddress());
            return new Connection(client, Peer.of(accepted));
        }
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
        return Streams.unusedTcpAddress(LOOPBACK.getHostAddress());
    }

    @Override
    protected SocketAddress listenerThatNeverAccepts() throws IOException {
        ServerSocket s = open(new ServerSocket(0, 1, LOOPBACK));
        return s.getLocalSocketAddress();
    }
}
