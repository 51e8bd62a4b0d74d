package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.perf.stream.FrameEcho;
import io.salvo.perf.stream.Length32;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf echo}: an echo server for {@code salvo-perf latency} and any other ping-pong
 * client. Over TCP and Unix stream sockets it returns length32 frames whole ({@link FrameEcho}),
 * a thread per connection; over UDP it sends every datagram back to its sender, on one thread.
 * {@code --idle spin} keeps each I/O thread spinning on its reads for the lowest latency (a core
 * per connection); {@code --idle block} waits in {@code poll(2)} and costs nothing while idle.
 * It stops at {@code --exit-after}, or when its thread is interrupted (a host running salvo-perf
 * in process).
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "An echo server: TCP and Unix stream connections get their length32 frames back whole (a thread "
                + "per connection); UDP datagrams go back to their sender. Runs until stopped.")
final class EchoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", defaultValue = "tcp", converter = Protocol.Converter.class,
            description = "tcp, udp or unix (a Unix stream socket) (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--bind", required = true, paramLabel = "ADDR",
            description = "HOST:PORT for tcp and udp; a socket path, or @name in the abstract namespace, for unix.")
    String bind;

    @Option(names = "--idle", defaultValue = "block", converter = IdleConverter.class,
            description = "spin (retry empty reads at once: lowest latency, a busy core per connection) or block "
                    + "(wait in poll(2)) (default: ${DEFAULT-VALUE}).")
    StreamIdle idle;

    @Option(names = "--transport", defaultValue = "native", converter = PerfOptions.TransportConverter.class,
            description = "tcp and udp: native (FFM) or nio (JDK channels) (default: ${DEFAULT-VALUE}).")
    PerfOptions.TransportKind transport;

    @Option(names = "--framing", paramLabel = "NAME", description = "tcp and unix: length32, the only one for now (default: length32).")
    String framing;

    @Option(names = "--exit-after", defaultValue = "0", paramLabel = "S",
            description = "Stop after this many seconds; 0 runs until killed (default: ${DEFAULT-VALUE}).")
    double exitAfterSeconds;

    @Override
    public Integer call() throws Exception {
        String problem = validate();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        long stopAt = exitAfterSeconds > 0 ? System.nanoTime() + (long) (exitAfterSeconds * 1e9) : Long.MAX_VALUE;
        boolean nio = transport == PerfOptions.TransportKind.NIO;
        switch (protocol) {
            case UDP -> echoDatagrams(Addresses.inet(bind, -1), nio, stopAt);
            case TCP -> {
                TcpOptions options = TcpOptions.builder()
                        .implementation(nio ? TcpOptions.Implementation.NIO : TcpOptions.Implementation.NATIVE).build();
                try (var listener = StreamEndpoints.listenTcp(Addresses.inet(bind, -1), options)) {
                    echoStreams(listener, stopAt);
                }
            }
            case UNIX -> {
                SocketAddress at = Addresses.unix(bind);
                var listener = StreamEndpoints.listenUnix(at); // a path already there fails here, and is not ours
                // A path outlives its socket: remove it when the echo stops, by Ctrl-C too.
                Path path = at instanceof UnixDomainSocketAddress u ? u.getPath() : null;
                Thread removePath = new Thread(() -> deleteQuietly(path));
                if (path != null) {
                    Runtime.getRuntime().addShutdownHook(removePath);
                }
                try (listener) {
                    echoStreams(listener, stopAt);
                } finally {
                    if (path != null) {
                        deleteQuietly(path);
                        try {
                            Runtime.getRuntime().removeShutdownHook(removePath);
                        } catch (IllegalStateException shuttingDown) {
                            // the hook is running: it removes the path too
                        }
                    }
                }
            }
        }
        return 0;
    }

    private String validate() {
        if (transport == PerfOptions.TransportKind.LOOPBACK) {
            return "echo needs --transport native or nio";
        }
        if (protocol == Protocol.UNIX && transport == PerfOptions.TransportKind.NIO) {
            return "--protocol unix is native only (no --transport nio)";
        }
        if (framing != null && protocol == Protocol.UDP) {
            return "--framing needs --protocol tcp or unix";
        }
        if (framing != null && !framing.equals(Length32.NAME)) {
            return "unknown framing '" + framing + "': expected " + Length32.NAME;
        }
        if (exitAfterSeconds < 0) {
            return "--exit-after must be >= 0, got " + exitAfterSeconds;
        }
        return null;
    }

    private void echoStreams(StreamListener<?> listener, long stopAt) throws IOException, InterruptedException {
        System.out.println("salvo-perf echo listening on " + Addresses.show(listener.localAddress()) + " (" + protocol.label()
                + ", length32 frames back whole, idle " + idle.label() + ", a thread per connection)");
        System.out.flush();
        List<StreamTransport> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            long now;
            while ((now = System.nanoTime()) < stopAt && !Thread.interrupted()) {
                listener.awaitAcceptable(Math.min(100_000_000L, stopAt - now));
                StreamTransport t;
                while ((t = listener.accept()) != null) {
                    StreamTransport connection = t;
                    connections.add(connection);
                    threads.add(Thread.ofPlatform().name("salvo-perf-echo-" + listener.accepted())
                            .start(() -> echoOne(connection)));
                }
                connections.removeIf(c -> !c.isOpen());
                threads.removeIf(th -> !th.isAlive());
            }
        } finally {
            connections.forEach(StreamTransport::close);
            for (Thread th : threads) {
                th.join(5_000);
            }
        }
    }

    private void echoOne(StreamTransport t) {
        try (t) {
            FrameEcho.run(t, DatagramBuffer.allocate(Length32.READ_BUFFER, 0), idle);
        } catch (ClosedChannelException stopping) {
            // the echo server is stopping
        } catch (IOException | RuntimeException e) {
            if (!Addresses.isPeerGone(e)) {
                System.err.println("salvo-perf echo: connection from " + Addresses.show(t.remoteAddress()) + ": " + e.getMessage() + "; closed");
            }
        }
    }

    private void echoDatagrams(InetSocketAddress at, boolean nio, long stopAt) throws IOException {
        UdpOptions options = UdpOptions.builder()
                .implementation(nio ? UdpOptions.Implementation.NIO : UdpOptions.Implementation.NATIVE).build();
        UdpTransport bound;
        try {
            bound = UdpTransport.bind(at, options);
        } catch (IOException e) {
            throw Addresses.bindFailed(at, e);
        }
        try (UdpTransport socket = bound; PacketBatch in = PacketBatch.allocate(64, PerfOptions.MAX_UDP_PAYLOAD, 0)) {
            System.out.println("salvo-perf echo listening on " + Addresses.show(socket.localAddress()) + " (udp, every datagram back to its "
                    + "sender, idle " + idle.label() + ", one thread)");
            System.out.flush();
            while (System.nanoTime() < stopAt && !Thread.interrupted()) {
                int n = socket.recvBatch(in);
                if (n == 0) {
                    if (idle == StreamIdle.BLOCK) {
                        socket.awaitReadable(Math.max(1, Math.min(100_000_000L, stopAt - System.nanoTime())));
                    } else {
                        Thread.onSpinWait();
                    }
                    continue;
                }
                in.setCount(n);
                while (in.remaining() > 0) {
                    if (socket.sendBatch(in) == 0) {
                        socket.awaitWritable(1_000_000L);
                    }
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // best effort: a stale socket file only stops the next bind, which then says so
        }
    }
}
