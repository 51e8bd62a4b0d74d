package io.salvo.stream.unix;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Unix stream sockets at filesystem paths: the subject is the connecting side. */
class UnixPathContractTest extends StreamTransportContract {

    @TempDir
    Path dir;
    private final AtomicInteger names = new AtomicInteger();

    private UnixDomainSocketAddress freshPath() {
        return UnixDomainSocketAddress.of(dir.resolve("s" + names.incrementAndGet()));
    }

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        try (UnixStreamListener l = UnixStreamListener.bind(freshPath(), 4)) {
            UnixStreamTransport client = UnixStreamTransport.connect(l.localAddress(), Duration.ofSeconds(10));
            UnixStreamTransport server = Streams.acceptOne(l);
            Streams.assertKind(client, "native-unix-stream");
            assertThat(client.remoteAddress()).isEqualTo(l.localAddress());
            assertThat(server.localAddress()).isEqualTo(l.localAddress());
            return new Connection(client, Peer.of(server));
        }
    }

    @Override
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return UnixStreamListener.bind(freshPath(), backlog);
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
        return freshPath();
    }
}
