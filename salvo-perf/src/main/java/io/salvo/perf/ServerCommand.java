package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.perf.sequence.ArrivalCounter;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.udp.UdpTransport;
import io.salvo.perf.stream.Length32;
import io.salvo.stream.tcp.TcpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf server}: counts the datagrams a client sends by their sequence numbers (see
 * {@link ArrivalCounter}), echoes its pings and reports its counters on request. One client at a
 * time: a client's RESET starts the count afresh. Waits in {@code awaitReadable} when idle, so it
 * burns no CPU between tests. With {@code --protocol tcp}, {@link TcpServer} receives length32
 * frames from any sender instead.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Receive a salvo-perf client's traffic (UDP), or length32 frames from any sender (--protocol tcp); "
                + "echo pings, report counts. Runs until stopped.")
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", defaultValue = "udp", converter = Protocol.Converter.class,
            description = "udp (a salvo-perf client's datagrams) or tcp (length32 frames from any sender) (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--framing", paramLabel = "NAME", description = "With --protocol tcp: length32, the only one for now (default: length32).")
    String framing;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "Address to listen on: HOST or HOST:PORT (default: ${DEFAULT-VALUE}; :: for IPv6 and IPv4).")
    String bind;

    @Option(names = "--port", defaultValue = "4433", description = "Port, unless --bind has one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--batch", paramLabel = "N", description = "UDP: messages per recvmmsg (default: 64).")
    Integer batch;

    @Option(names = "--json", description = "TCP: print each test's report as one JSON object on standard output (the rest goes to standard error).")
    boolean json;

    @Option(names = "--warmup-seconds", paramLabel = "W",
            description = "TCP: seconds at the start of each test, from its first frame, left out of the report (default: 1).")
    Double warmupSeconds;

    @Option(names = "--seconds", paramLabel = "S",
            description = "TCP: measure S seconds after the warm-up, report, and exit (default: measure until the test's "
                    + "connections have all closed, report, and wait for the next test).")
    Double seconds;

    @Option(names = "--gro", negatable = true, defaultValue = "false", description = "Receive with UDP GRO (default: off).")
    boolean gro;

    @Option(names = "--transport", defaultValue = "native", converter = PerfOptions.TransportConverter.class,
            description = "native or nio (default: ${DEFAULT-VALUE}).")
    PerfOptions.TransportKind transport;

    @picocli.CommandLine.Mixin
    ObserveOptions observe = new ObserveOptions();

    @Option(names = "--exit-after", defaultValue = "0", description = "Stop after this many seconds; 0 runs until killed (default: ${DEFAULT-VALUE}).")
    double exitAfterSeconds;

    @Override
    public Integer call() throws Exception {
        String problem = validate();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        InetSocketAddress at = Addresses.inet(bind, port);
        if (protocol == Protocol.TCP) {
            TcpOptions options = TcpOptions.builder().implementation(transport == PerfOptions.TransportKind.NIO
                    ? TcpOptions.Implementation.NIO : TcpOptions.Implementation.NATIVE).build();
            try (Observation watch = Observation.start(observe, json ? System.err : System.out)) {
                return new TcpServer(at, options, transport.name().toLowerCase(java.util.Locale.ROOT),
                        warmupSeconds == null ? 1 : warmupSeconds, seconds == null ? 0 : seconds, exitAfterSeconds, json).run();
            }
        }
        try (Observation watch = Observation.start(observe, System.out)) {
            return serveUdp(at, watch);
        }
    }

    /** Checks values; returns a one-line problem or null. */
    private String validate() {
        if (port < 0 || port > 65535) {
            return "--port must be 0..65535, got " + port;
        }
        if (transport == PerfOptions.TransportKind.LOOPBACK) {
            return "server needs --transport native or nio (loopback is in-process only)";
        }
        if (exitAfterSeconds < 0) {
            return "--exit-after must be >= 0, got " + exitAfterSeconds;
        }
        String observing = observe.validate(protocol == Protocol.UDP);
        if (observing != null) {
            return observing;
        }
        if (protocol == Protocol.UNIX) {
            return "server needs --protocol udp or tcp (the echo subcommand serves Unix sockets)";
        }
        if (protocol == Protocol.UDP) {
            if (framing != null || json || warmupSeconds != null || seconds != null) {
                return "--framing, --json, --warmup-seconds and --seconds need --protocol tcp";
            }
            if (batch != null && (batch < 1 || batch > 1024)) {
                return "--batch must be 1..1024, got " + batch;
            }
            return null;
        }
        if (framing != null && !framing.equals(Length32.NAME)) {
            return "unknown framing '" + framing + "': expected " + Length32.NAME;
        }
        if (batch != null || gro) {
            return "--batch and --gro are UDP only";
        }
        if (warmupSeconds != null && !(warmupSeconds >= 0 && warmupSeconds <= 86_400)) {
            return "--warmup-seconds must be between 0 and 86400, got " + warmupSeconds;
        }
        if (seconds != null && !(seconds > 0 && seconds <= 86_400)) {
            return "--seconds must be > 0 and at most 86400, got " + seconds;
        }
        return null;
    }

    private int serveUdp(InetSocketAddress at, Observation watch) throws IOException {
        int batch = this.batch == null ? 64 : this.batch;
        UdpOptions options = UdpOptions.builder()
                .implementation(transport == PerfOptions.TransportKind.NIO ? UdpOptions.Implementation.NIO
                        : UdpOptions.Implementation.NATIVE)
                .receiveBufferSize(16 << 20).forceBufferSizes(true).gro(gro).build();
        UdpTransport bound;
        try {
            bound = UdpTransport.bind(at, options);
        } catch (IOException e) {
            throw Addresses.bindFailed(at, e);
        }
        try (DatagramTransport socket = watch.wrap(bound);
             PacketBatch in = PacketBatch.allocate(batch, gro ? 65_535 : 65_507, 0);
             PacketBatch reply = PacketBatch.allocate(1, Math.max(65_507, ServerReport.BYTES), 0)) {
            System.out.println("salvo-perf server listening on " + Addresses.show(bound.localAddress()) + " (" + socket.capabilities() + ")");
            long stopAt = exitAfterSeconds > 0 ? System.nanoTime() + (long) (exitAfterSeconds * 1e9) : Long.MAX_VALUE;
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            ArrivalCounter arrivals = new ArrivalCounter();
            long received = 0;
            long cpuAtReset = threads.getCurrentThreadCpuTime();
            long nonce = 0;
            while (System.nanoTime() < stopAt && !Thread.interrupted()) { // interrupted: a host running it in process stops it
                int n = socket.recvBatch(in);
                if (n == 0) {
                    socket.awaitReadable(Math.min(200_000_000L, stopAt - System.nanoTime()));
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    var buf = in.buffer(i);
                    byte type = buf.isEmpty() ? Wire.DATA : buf.getByte(0); // empty: unrecognised data
                    switch (type) {
                        case Wire.PING -> {
                            reply.clear();
                            reply.buffer(0).writeBytes(buf);
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        case Wire.RESET -> {
                            long requested = buf.length() >= 9 ? buf.getLong(1) : 0;
                            if (requested != nonce) {
                                nonce = requested;
                                arrivals = new ArrivalCounter();
                                received = 0;
                                cpuAtReset = threads.getCurrentThreadCpuTime();
                            }
                            reply.clear();
                            reply.buffer(0).writeBytes(buf);
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        case Wire.REPORT -> {
                            arrivals.publish();
                            reply.clear();
                            new ServerReport(received, arrivals.measured(), threads.getCurrentThreadCpuTime() - cpuAtReset)
                                    .writeTo(reply.buffer(0));
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        // Data, and anything unknown, which the counter counts as unrecognised.
                        default -> received += arrivals.record(buf, in.segmentSize(i));
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            // stopped
        }
        return 0;
    }
}
