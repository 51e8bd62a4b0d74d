package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.linux.StreamSocketProbe;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamListener;
import io.salvo.stream.unix.UnixStreamTransport;
import io.salvo.testing.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand connections accepted, used and closed leave nothing behind: no descriptor, no native
 * memory (each connection's arena is closed, and resident memory does not grow by what a leak of
 * its I/O vectors would add).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConnectionChurnTest {

    private static final int CONNECTIONS = 1000;
    /** Vectored calls with this many buffers grow both directions' iovec arrays to 16 KiB each. */
    private static final int VECTOR = 1024;

    @TempDir
    Path dir;

    private interface Endpoints extends AutoCloseable {
        StreamTransport connect() throws IOException;

        StreamListener<?> listener();

        @Override
        void close();
    }

    private static Endpoints tcp(TcpOptions options) throws IOException {
        TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), options);
        return new Endpoints() {
            public StreamTransport connect() throws IOException {
                return TcpTransport.connect(l.localAddress(), options, Duration.ofSeconds(10));
            }

            public StreamListener<?> listener() {
                return l;
            }

            public void close() {
                l.close();
            }
        };
    }

    private Endpoints unix() throws IOException {
        UnixStreamListener l = UnixStreamListener.bind(UnixDomainSocketAddress.of(dir.resolve("churn")), 64);
        return new Endpoints() {
            public StreamTransport connect() throws IOException {
                return UnixStreamTransport.connect(l.localAddress(), Duration.ofSeconds(10));
            }

            public StreamListener<?> listener() {
                return l;
            }

            public void close() {
                l.close();
            }
        };
    }

    @Test
    void thousandNativeTcpConnectionsLeaveNoDescriptorOrNativeMemoryBehind() throws Exception {
        try (Endpoints e = tcp(TcpOptions.builder().implementation(TcpOptions.Implementation.NATIVE).build())) {
            churnAndCheck(e, true);
        }
    }

    @Test
    void thousandUnixStreamConnectionsLeaveNoDescriptorOrNativeMemoryBehind() throws Exception {
        try (Endpoints e = unix()) {
            churnAndCheck(e, true);
        }
    }

    @Test
    void thousandFallbackConnectionsLeaveNoDescriptorBehind() throws Exception {
        try (Endpoints e = tcp(TcpOptions.builder().implementation(TcpOptions.Implementation.NIO).build())) {
            churnAndCheck(e, false);
        }
    }

    private static void churnAndCheck(Endpoints e, boolean nativeTransports) throws Exception {
        DatagramBuffer[] vector = new DatagramBuffer[VECTOR];
        for (int i = 0; i < VECTOR; i++) {
            vector[i] = DatagramBuffer.allocate(1, 0);
        }
        List<StreamTransport> closed = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // warm-up: the JIT, the heap and malloc's arenas settle
            churnOne(e, vector, i, closed);
        }
        closed.clear();
        long fdsBefore = NativeMemory.openDescriptors();
        long rssBefore = NativeMemory.residentBytes();
        Optional<Long> mallocBefore = NativeMemory.mallocInUse();
        for (int i = 0; i < CONNECTIONS; i++) {
            churnOne(e, vector, i, closed);
        }
        long rssGrown = NativeMemory.residentBytes() - rssBefore;
        Optional<Long> mallocGrown = NativeMemory.mallocInUse().map(after -> after - mallocBefore.orElseThrow());
        System.out.printf("%s: %d connections; resident memory grew by %d KiB, malloc'd memory in use by %s KiB%n",
                e.listener(), CONNECTIONS, rssGrown >> 10, mallocGrown.map(b -> b >> 10).orElse(null));
        assertThat(e.listener().accepted()).isEqualTo(CONNECTIONS + 50);
        assertThat(NativeMemory.openDescriptors()).as("descriptors after %d connections", CONNECTIONS)
                .isLessThanOrEqualTo(fdsBefore + 2);
        if (nativeTransports) {
            assertThat(closed).hasSize(2 * CONNECTIONS);
            assertThat(closed).as("every closed transport freed its native memory").allMatch(StreamSocketProbe::isReleased);
            // Each connection used four 16 KiB iovec arrays: a leak would hold 64 MiB more. The Java heap
            // moves the resident size by tens of MiB either way, so the tight bound is on malloc's count.
            mallocGrown.ifPresent(grown -> assertThat(grown).as("malloc'd bytes still in use after %d connections",
                    CONNECTIONS).isLessThan(16L << 20));
            assertThat(rssGrown).as("resident memory growth over %d connections, bytes", CONNECTIONS)
                    .isLessThan(256L << 20);
        }
    }

    /** One connection: a vectored write and read each way, then both ends closed. */
    private static void churnOne(Endpoints e, DatagramBuffer[] vector, int i, List<StreamTransport> closed)
            throws IOException {
        StreamTransport client = e.connect();
        StreamTransport server = Streams.acceptOne(e.listener());
        try {
            transfer(client, server, vector, i);
            transfer(server, client, vector, i + 1);
        } finally {
            client.close();
            server.close();
        }
        closed.add(client);
        closed.add(server);
    }

    private static void transfer(StreamTransport from, StreamTransport to, DatagramBuffer[] vector, int seed)
            throws IOException {
        for (DatagramBuffer b : vector) {
            b.reset().writeByte(seed);
        }
        long written = 0;
        while (written < VECTOR) {
            long n = from.write(vector, 0, VECTOR);
            if (n == 0) {
                from.awaitWritable(1_000_000_000L);
            }
            written += n;
        }
        for (DatagramBuffer b : vector) {
            b.reset();
        }
        long read = 0;
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (read < VECTOR) {
            long n = to.read(vector, 0, VECTOR);
            assertThat(n).isNotNegative();
            if (n == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                to.awaitReadable(1_000_000_000L);
            }
            read += n;
        }
        assertThat(vector[VECTOR - 1].getByte(0)).isEqualTo((byte) seed);
    }
}
