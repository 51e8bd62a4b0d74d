package io.salvo.stream.unix;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;
import io.salvo.transport.AbstractUnixSocketAddress;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.UUID;

/** Unix stream sockets at abstract names: the subject is the accepted side. */
class UnixAbstractContractTest extends StreamTransportContract {

    private static AbstractUnixSocketAddress freshName() {
        return new AbstractUnixSocketAddress("salvo-stream-test-" + UUID.randomUUID());
    }

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (UnixStreamListener l = UnixStreamListener.bind(freshName(), 4)) {
            UnixStreamTransport client = UnixStreamTransport.connect(l.localAddress(), Duration.ofSeconds(10));
            UnixStreamTransport server = Streams.acceptOne(l);
            Streams.assertKind(server, "native-unix-stream");
            return new Connection(server, Peer.of(client));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return UnixStreamListener.bind(freshName(), backlog);
    }

    @Override
    protected boolean connectsClients() {
        return true;
    }

    @Override
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        return UnixStreamTransport.connect(to, timeout);
    }

    @Override
    protected SocketAddress addressWithNothingListening() {
        return freshName();
    }
}
