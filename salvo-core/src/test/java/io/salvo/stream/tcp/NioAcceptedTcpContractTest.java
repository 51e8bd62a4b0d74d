package io.salvo.stream.tcp;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import static io.salvo.stream.tcp.NativeTcpV4ContractTest.peerOptions;
import static io.salvo.stream.tcp.NioTcpContractTest.nioOptions;

/** The fallback on the accepting side, over IPv6, with a native client as its peer. */
class NioAcceptedTcpContractTest extends StreamTransportContract {

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (TcpListener l = TcpListener.bind(new InetSocketAddress("::1", 0), nioOptions().build())) {
            TcpTransport client = TcpTransport.connect(l.localAddress(), peerOptions(resettablePeer), Duration.ofSeconds(10));
            TcpTransport server = Streams.acceptOne(l);
            Streams.assertKind(client, "native-tcp");
            Streams.assertKind(server, "nio-tcp");
            return new Connection(server, Peer.of(client));
        }
    }
}
