package io.salvo.perf;

import io.salvo.perf.stream.Length32;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.perf.stream.StreamPing;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf latency}: a ping-pong client against any echo server: {@code salvo-perf echo},
 * another tool's, or {@code salvo-perf server} (which echoes pings). Over TCP and Unix stream
 * sockets it first sends an {@code ECHO} hello frame and waits for it back (a
 * {@code salvo-perf server} connection turns into an echoing one; any echo server just returns it),
 * then measures one length32 frame at a time ({@link StreamPing}); over UDP, one datagram at a
 * time ({@link UdpPing}); with {@code --rate}, UDP probes on a fixed schedule, many in flight
 * ({@link UdpUnderLoad}).
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Ping-pong against an echo server (length32 frames over TCP or Unix stream sockets, datagrams over "
                + "UDP), or UDP probes at a fixed --rate (under load); prints round-trip p50, p99, p99.9 and max.")
final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", defaultValue = "tcp", converter = Protocol.Converter.class,
            description = "tcp, udp or unix (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--connect", required = true, paramLabel = "ADDR",
            description = "The echo server: HOST:PORT for tcp and udp; a socket path or @name for unix.")
    String connect;

    @Option(names = "--size", defaultValue = "64", description = "Payload bytes per probe (after the 4-byte length over a "
            + "stream), at least 9: a type byte and a sequence number (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--count", defaultValue = "10000", description = "Round trips recorded (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--warmup", defaultValue = "1000", description = "Round trips before those, not recorded (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--idle", defaultValue = "block", converter = IdleConverter.class,
            description = "spin (retry empty reads at once) or block (wait in poll(2)) for each echo (default: ${DEFAULT-VALUE}).")
    StreamIdle idle;

    @Option(names = "--transport", defaultValue = "native", converter = PerfOptions.TransportConverter.class,
            description = "tcp and udp: native (FFM) or nio (JDK channels) (default: ${DEFAULT-VALUE}).")
    PerfOptions.TransportKind transport;

    @Option(names = "--framing", paramLabel = "NAME", description = "tcp and unix: length32, the only one for now (default: length32).")
    String framing;

    @Option(names = "--timeout-ms", defaultValue = "1000",
            description = "udp: how long a probe waits for its echo before the next goes out (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
            description = "udp: under load instead of ping-pong: N probes/s on a fixed schedule, many in flight, every one "
                    + "echoed; round trips from the scheduled send times, probes without an echo within --timeout-ms lost "
                    + "(default: 0, ping-pong).")
    long rate;

    @Option(names = "--json", description = "Print one JSON object with the results, and nothing else, on standard output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String problem = validate();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Report r = rate > 0 ? measureUnderLoad() : protocol == Protocol.UDP ? measureUdp() : measureStream();
        if (json) {
            System.out.println(r.json());
        } else {
            r.printSummary(System.out);
        }
        System.out.flush();
        return 0;
    }

    private String validate() {
        int max = protocol == Protocol.UDP ? PerfOptions.MAX_UDP_PAYLOAD : Length32.MAX_PAYLOAD;
        if (size < 9 || size > max) {
            return "--size must be between 9 (a type byte and a sequence number) and " + max + ", got " + size;
        }
        if (count < 1 || count > 1_000_000_000L) {
            return "--count must be between 1 and 1000000000, got " + count;
        }
        if (warmup < 0 || warmup > 1_000_000_000L) {
            return "--warmup must be between 0 and 1000000000, got " + warmup;
        }
        if (transport == PerfOptions.TransportKind.LOOPBACK) {
            return "latency needs --transport native or nio";
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
        if (timeoutMillis < 1 || timeoutMillis > 60_000) {
            return "--timeout-ms must be between 1 and 60000, got " + timeoutMillis;
        }
        if (rate < 0 || rate > 10_000_000L) {
            return "--rate must be between 0 (ping-pong) and 10000000 probes/s, got " + rate;
        }
        if (rate > 0 && protocol != Protocol.UDP) {
            return "--rate needs --protocol udp";
        }
        if (rate > 0 && rate * (timeoutMillis / 1000.0) > 10_000_000) {
            return "--rate times --timeout-ms allows over 10000000 probes in flight; lower one of them";
        }
        return null;
    }

    private String transportName() {
        return protocol == Protocol.UNIX ? "native" : transport.name().toLowerCase(java.util.Locale.ROOT);
    }

    private LatencyResult measureStream() throws IOException {
        StreamTransport t = protocol == Protocol.UNIX
                ? StreamEndpoints.connectUnix(Addresses.unix(connect))
                : StreamEndpoints.connectTcp(Addresses.inet(connect, -1), TcpOptions.builder()
                        .implementation(transport == PerfOptions.TransportKind.NIO ? TcpOptions.Implementation.NIO
                                : TcpOptions.Implementation.NATIVE).build());
        Histogram h = StreamPing.histogram();
        long elapsed;
        try (t) {
            try {
                StreamPing.hello(t, StreamEndpoints.CONNECT_TIMEOUT.toNanos());
            } catch (IOException e) {
                throw new EndpointException("the peer at " + connect + " does not echo length32 frames: " + e.getMessage(), e);
            }
            try {
                StreamPing.measure(t, size, idle, warmup, 0, Long.MAX_VALUE, h);
                long start = System.nanoTime();
                StreamPing.measure(t, size, idle, 0, count, Long.MAX_VALUE, h);
                elapsed = System.nanoTime() - start;
            } catch (IOException e) {
                if (Addresses.isPeerGone(e)) {
                    throw new EndpointException("peer gone: " + e.getMessage() + " after " + h.getTotalCount()
                            + " recorded round trips (" + connect + ")", e);
                }
                throw e;
            }
        }
        return LatencyResult.of(protocol.label(), Length32.NAME, transportName(), connect, size, warmup, count,
                idle.label(), h, 0, elapsed / 1e9);
    }

    private UdpTransport bindUdp(InetSocketAddress peer) throws IOException {
        InetAddress any = InetAddress.getByName(peer.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
        UdpOptions options = UdpOptions.builder().implementation(transport == PerfOptions.TransportKind.NIO
                ? UdpOptions.Implementation.NIO : UdpOptions.Implementation.NATIVE).build();
        return UdpTransport.bind(new InetSocketAddress(any, 0), options);
    }

    private UnderLoadResult measureUnderLoad() throws IOException {
        InetSocketAddress peer = Addresses.inet(connect, -1);
        Histogram h = StreamPing.histogram();
        UdpUnderLoad.Counts counts;
        try (UdpTransport socket = bindUdp(peer);
             UdpUnderLoad load = new UdpUnderLoad(socket, peer, size, idle, rate, timeoutMillis * 1_000_000)) {
            counts = load.run(warmup, count, h);
        }
        return UnderLoadResult.of(transportName(), connect, size, idle.label(), rate, warmup, timeoutMillis, counts, h);
    }

    private LatencyResult measureUdp() throws IOException {
        InetSocketAddress peer = Addresses.inet(connect, -1);
        Histogram h = StreamPing.histogram();
        long elapsed;
        long timeouts;
        try (UdpTransport socket = bindUdp(peer);
             UdpPing ping = new UdpPing(socket, peer, size, idle, timeoutMillis * 1_000_000)) {
            ping.run(warmup, null);
            long before = ping.timeouts();
            long start = System.nanoTime();
            ping.run(count, h);
            elapsed = System.nanoTime() - start;
            timeouts = ping.timeouts() - before;
        }
        return LatencyResult.of("udp", null, transportName(), connect, size, warmup, count, idle.label(), h, timeouts,
                elapsed / 1e9);
    }
}
