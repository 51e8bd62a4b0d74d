package io.salvo.stream.unix;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain JDK Unix-domain {@link SocketChannel} connecting to a Salvo listener: the subject is the accepted side. */
class JdkUnixClientContractTest extends StreamTransportContract {

    @TempDir
    Path dir;
    private final AtomicInteger names = new AtomicInteger();

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s" + names.incrementAndGet()));
        try (UnixStreamListener l = UnixStreamListener.bind(path, 4)) {
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(path);
            UnixStreamTransport server = Streams.acceptOne(l);
            Streams.assertKind(server, "native-unix-stream");
            return new Connection(server, Peer.of(client));
        }
    }
}
