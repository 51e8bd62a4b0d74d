package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream transports and listeners on a {@link Poller}: an echo server on one poller thread, its
 * listener accepting and registering connections from inside the accept callback, each connection
 * echoing with write interest when the kernel takes only part of a reply; real JDK clients.
 */
class PollerStreamTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Echoes what it reads; keeps what the kernel did not take and finishes it when writable. */
    private static final class Echo implements Handlers.StreamHandler {
        private final Poller poller;
        private final DatagramBuffer pending = DatagramBuffer.allocate(1 << 20, 0);
        private final ConcurrentLinkedQueue<Throwable> failures;

        Echo(Poller poller, ConcurrentLinkedQueue<Throwable> failures) {
            this.poller = poller;
            this.failures = failures;
        }

        @Override
        public boolean onReadable(StreamTransport t) throws IOException {
            if (!pending.isEmpty()) {
                return false; // the peer waits for its echo first; reading more would only grow the backlog
            }
            pending.reset();
            int n = t.read(pending);
            if (n < 0) {
                t.close();
                return false;
            }
            flush(t);
            return false;
        }

        @Override
        public void onWritable(StreamTransport t) throws IOException {
            flush(t);
        }

        private void flush(StreamTransport t) throws IOException {
            while (!pending.isEmpty() && t.write(pending) > 0) {
                // the kernel took some: try the rest
            }
            poller.setWriteInterest(t, !pending.isEmpty());
        }
    }

    enum Kind { NATIVE, NIO }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEchoServerOnOnePollerServesManyClientsWithPartialWrites(Kind kind) throws Exception {
        TcpOptions options = TcpOptions.builder()
                .implementation(kind == Kind.NATIVE ? TcpOptions.Implementation.NATIVE : TcpOptions.Implementation.NIO)
                .sendBufferSize(8 * 1024).build(); // small, so large echoes go out in pieces
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        LoopConfig config = LoopConfig.defaults().withErrorHandler(e -> {
            failures.add(e);
            return LoopErrorHandler.Action.CONTINUE;
        });
        try (TcpListener listener = TcpListener.bind(LOCAL, options);
             Poller poller = Poller.start("echo-poller", config)) {
            poller.register(listener, connection -> poller.register(connection, new Echo(poller, failures)));
            int clients = 50;
            List<SocketChannel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    channels.add(SocketChannel.open(listener.localAddress()));
                }
                Random random = new Random(7);
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < clients; i++) {
                        byte[] message = new byte[1 + random.nextInt(i % 10 == 0 ? 300_000 : 2_000)];
                        random.nextBytes(message);
                        assertThat(echo(channels.get(i), message)).as("client %d round %d", i, round).isEqualTo(message);
                    }
                }
            } finally {
                for (SocketChannel c : channels) {
                    c.close();
                }
            }
            assertThat(listener.accepted()).isEqualTo(clients);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (poller.registered() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(5); // each connection sees end of stream, closes, and drops out
            }
            assertThat(poller.registered()).as("only the listener is left").isEqualTo(1);
        }
        assertThat(failures).isEmpty();
    }

    /** Writes {@code message} while reading the echo (a large one cannot be written whole first). */
    private static byte[] echo(SocketChannel c, byte[] message) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(message);
        ByteBuffer in = ByteBuffer.allocate(message.length);
        c.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (in.hasRemaining() && System.nanoTime() < deadline) {
            int progress = out.hasRemaining() ? c.write(out) : 0;
            int got = c.read(in);
            if (got < 0) {
                break;
            }
            if (progress + got == 0) {
                Thread.onSpinWait();
            }
        }
        return in.array();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConnectionClosedAndItsDescriptorReusedNeverReachesTheOldHandler(Kind kind) throws Exception {
        TcpOptions options = TcpOptions.builder()
                .implementation(kind == Kind.NATIVE ? TcpOptions.Implementation.NATIVE : TcpOptions.Implementation.NIO)
                .build();
        ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
        try (TcpListener listener = TcpListener.bind(LOCAL, options);
             Poller poller = Poller.start("reuse-poller", LoopConfig.defaults())) {
            for (int generation = 0; generation < 20; generation++) {
                String name = "handler-" + generation;
                TcpTransport client = TcpTransport.connect(listener.localAddress(), options, java.time.Duration.ofSeconds(5));
                listener.awaitAcceptable(5_000_000_000L);
                TcpTransport server = listener.accept();
                DatagramBuffer in = DatagramBuffer.allocate(64, 0);
                poller.register(server, t -> {
                    int n = t.read(in.reset());
                    if (n > 0) {
                        calls.add(name + ":" + in.getInt(0));
                    }
                    return false;
                });
                client.write(DatagramBuffer.allocate(64, 0).writeInt(generation));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!calls.contains(name + ":" + generation) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                // Close the server side: the next connection's descriptor takes its number.
                server.close();
                client.close();
            }
            assertThat(calls).hasSize(20);
            for (int g = 0; g < 20; g++) {
                assertThat(calls).contains("handler-" + g + ":" + g);
            }
        }
    }
}
