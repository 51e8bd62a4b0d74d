package io.salvo.perf;

import io.salvo.perf.sequence.SequenceHeader;
import io.salvo.perf.stream.Length32;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.transport.udp.UdpOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every salvo-perf mode shares, with their defaults and checks. */
public final class PerfOptions {

    /** Which transport to measure: Salvo's FFM UDP, the JDK fallback, or the in-memory network. */
    public enum TransportKind { NATIVE, NIO, LOOPBACK }

    @Option(names = "--protocol", defaultValue = "udp", converter = Protocol.Converter.class,
            description = "udp (datagrams) or tcp (length32 frames, one connection per --sockets) (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--framing", paramLabel = "NAME",
            description = "With --protocol tcp: how messages are delimited; length32 (a 4-byte big-endian length, then the "
                    + "payload) is the only one for now (default: length32).")
    String framing;

    @Option(names = "--size", defaultValue = "1200", description = "Payload bytes per datagram (UDP, 9..65507) or per message "
            + "(TCP, 9..16777216, after the 4-byte length): the first 9 carry the sequence header (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", paramLabel = "N",
            description = "UDP: messages per sendmmsg/recvmmsg call, 1..1024 (default: 64). TCP: frames per write, laid out "
                    + "back to back in one buffer (default: as many as fit in 256 KiB).")
    Integer batch;

    @Option(names = "--gso", negatable = true,
            description = "Send with UDP GSO: one message carries up to 64 datagrams; --no-gso also turns off "
                    + "sendBatch's automatic GSO coalescing (default: on with --transport native over UDP when the kernel "
                    + "offers it, else off).")
    Boolean gso;

    @Option(names = "--gro", negatable = true,
            description = "Receive with UDP GRO: the kernel coalesces datagrams of one flow (default: on with --transport "
                    + "native over UDP when the kernel offers it, else off).")
    Boolean gro;

    @Option(names = "--rate", defaultValue = "0", description = "Datagrams per second to send, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds of sending, warm-up included (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--warmup", paramLabel = "S",
            description = "Seconds of sending, at the start, left out of every figure: datagrams sent then are not counted "
                    + "(default: 1, or a quarter of --duration when that is shorter than 4).")
    Double warmupSeconds;

    @Option(names = "--ipv6", description = "Use IPv6 (::1) instead of IPv4 (127.0.0.1).")
    boolean ipv6;

    @Option(names = "--sockets", defaultValue = "1", description = "Receiver sockets sharing the port with SO_REUSEPORT, and sender sockets, one thread each (default: ${DEFAULT-VALUE}).")
    int sockets;

    @Option(names = "--transport", defaultValue = "native", converter = TransportConverter.class,
            description = "native (recvmmsg/sendmmsg, or TCP read/write, through FFM), nio (JDK DatagramChannel or "
                    + "SocketChannel), or loopback (Salvo's in-memory network, impaired by --loss, --duplicate and --reorder; "
                    + "UDP and no subcommand only) (default: ${DEFAULT-VALUE}).")
    TransportKind transport;

    @Mixin
    ImpairmentOptions impairments = new ImpairmentOptions();

    @Mixin
    ObserveOptions observe = new ObserveOptions();

    @Option(names = "--coalesce-us", defaultValue = "0",
            description = "After a partial batch, let the receive queue fill this many microseconds before the next "
                    + "recvmmsg: fewer system calls per datagram for that much added latency (default: ${DEFAULT-VALUE}).")
    long coalesceMicros;

    @Option(names = "--json", description = "Print one JSON object with the results, and nothing else, on standard output.")
    boolean json;

    /** Largest UDP payload over IPv4 (65535 - 20 - 8); GSO super-buffers must fit it too. */
    static final int MAX_UDP_PAYLOAD = 65_507;
    /** Largest batch buffer over TCP: frames per write times their size. */
    static final int MAX_TCP_BATCH_BYTES = 64 << 20;

    /** Checks values; returns a one-line problem or null. */
    String validate() {
        if (protocol == Protocol.UNIX) {
            return "--protocol unix is for the echo and latency subcommands; here: udp or tcp";
        }
        if (protocol == Protocol.TCP) {
            String problem = validateTcp();
            if (problem != null) {
                return problem;
            }
        } else {
            if (framing != null) {
                return "--framing needs --protocol tcp";
            }
            if (size < SequenceHeader.BYTES || size > MAX_UDP_PAYLOAD) {
                return "--size must be between " + SequenceHeader.BYTES + " (the sequence header) and " + MAX_UDP_PAYLOAD
                        + ", got " + size;
            }
            if (batch != null && (batch < 1 || batch > 1024)) {
                return "--batch must be between 1 and 1024, got " + batch;
            }
        }
        String observing = observe.validate(protocol != Protocol.TCP);
        if (observing != null) {
            return observing;
        }
        if (rate < 0) {
            return "--rate must be >= 0, got " + rate;
        }
        if (!(durationSeconds > 0) || durationSeconds > 86_400) {
            return "--duration must be > 0 and at most 86400 seconds, got " + durationSeconds;
        }
        if (warmupSeconds != null && !(warmupSeconds >= 0 && warmupSeconds < durationSeconds)) {
            return "--warmup must be >= 0 and less than --duration, got " + warmupSeconds;
        }
        if (sockets < 1 || sockets > 64) {
            return "--sockets must be between 1 and 64, got " + sockets;
        }
        if (coalesceMicros < 0 || coalesceMicros > 100_000) {
            return "--coalesce-us must be between 0 and 100000, got " + coalesceMicros;
        }
        if ((Boolean.TRUE.equals(gso) || Boolean.TRUE.equals(gro)) && transport == TransportKind.NIO) {
            return "--gso and --gro need --transport native";
        }
        if (Boolean.TRUE.equals(gro) && transport == TransportKind.LOOPBACK) {
            return "--gro needs --transport native";
        }
        if (ipv6 && transport == TransportKind.LOOPBACK) {
            return "--ipv6 needs --transport native or nio (the in-memory network's endpoints are IPv4)";
        }
        if (transport != TransportKind.LOOPBACK && impairments.anyGiven()) {
            return "--loss, --duplicate, --reorder, --reorder-distance and --seed need --transport loopback";
        }
        return impairments.validate();
    }

    private String validateTcp() {
        if (framing != null && !framing.equals(Length32.NAME)) {
            return "unknown framing '" + framing + "': expected " + Length32.NAME;
        }
        if (size < SequenceHeader.BYTES || size > Length32.MAX_PAYLOAD) {
            return "--size must be between " + SequenceHeader.BYTES + " (the sequence header) and " + Length32.MAX_PAYLOAD
                    + " over TCP, got " + size;
        }
        long maxBatch = Math.max(1, MAX_TCP_BATCH_BYTES / (Length32.HEADER + size));
        if (batch != null && (batch < 1 || batch > maxBatch)) {
            return "--batch over TCP must be between 1 and " + maxBatch + " frames (64 MiB) at this size, got " + batch;
        }
        if (transport == TransportKind.LOOPBACK) {
            return "--protocol tcp needs --transport native or nio";
        }
        if (Boolean.TRUE.equals(gso) || Boolean.TRUE.equals(gro)) {
            return "--gso and --gro are UDP only";
        }
        if (coalesceMicros != 0) {
            return "--coalesce-us is UDP only";
        }
        return null;
    }

    /**
     * Messages per send call: {@code --batch}, else 64 datagrams over UDP, or as many frames as fit
     * in 256 KiB over TCP.
     */
    int batch() {
        if (batch != null) {
            return batch;
        }
        return protocol == Protocol.TCP ? Math.max(1, Length32.READ_BUFFER / (Length32.HEADER + size)) : 64;
    }

    /** The TCP settings of this run's connections. */
    TcpOptions tcpOptions() {
        return TcpOptions.builder()
                .implementation(transport == TransportKind.NIO ? TcpOptions.Implementation.NIO : TcpOptions.Implementation.NATIVE)
                .build();
    }

    /** Seconds at the start of sending that are left out: as given, or 1 s (a quarter of runs shorter than 4 s). */
    double warmup() {
        return warmupSeconds != null ? warmupSeconds : Math.min(1, durationSeconds / 4);
    }

    /** Whether this run sends with GSO: as given, else where the kernel offers it to a native UDP socket. */
    boolean gso() {
        return gso != null ? gso : offloadsByDefault() && KernelOffloads.of(ipv6).gso();
    }

    /** Whether this run receives with GRO: as given, else where the kernel offers it to a native UDP socket. */
    boolean gro() {
        return gro != null ? gro : offloadsByDefault() && KernelOffloads.of(ipv6).gro();
    }

    /** Offloads are a native UDP socket's; the JDK fallback and the in-memory network run without them unless asked. */
    private boolean offloadsByDefault() {
        return protocol == Protocol.UDP && transport == TransportKind.NATIVE;
    }

    /** Datagrams one GSO message carries: up to 64 segments and within one UDP payload. */
    int segmentsPerMessage() {
        return gso() ? Math.max(1, Math.min(64, MAX_UDP_PAYLOAD / size)) : 1;
    }

    /** Receive buffer capacity: one datagram (with GRO the transport splits super-buffers into views itself). */
    int receiveCapacity() {
        return size;
    }

    UdpOptions udpOptions(boolean receiver) {
        UdpOptions.Builder b = UdpOptions.builder()
                .implementation(transport == TransportKind.NIO ? UdpOptions.Implementation.NIO : UdpOptions.Implementation.NATIVE)
                .receiveBufferSize(receiver ? 16 << 20 : 4 << 20)
                .sendBufferSize(4 << 20)
                .forceBufferSizes(true)
                .gsoCoalescing(gso()) // --no-gso means no GSO at all, automatic coalescing included
                .receiveQueueOverflow(true);
        if (receiver) {
            b.reusePort(sockets > 1).gro(gro());
        }
        return b.build();
    }

    /** picocli converter accepting native|nio|loopback in any case. */
    static final class TransportConverter implements picocli.CommandLine.ITypeConverter<TransportKind> {
        @Override
        public TransportKind convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "native" -> TransportKind.NATIVE;
                case "nio" -> TransportKind.NIO;
                case "loopback" -> TransportKind.LOOPBACK;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected native, nio or loopback, got '" + value + "'");
            };
        }
    }

    /** The transport's name as reported: native, nio or loopback. */
    String transportName() {
        return transport.name().toLowerCase(java.util.Locale.ROOT);
    }
}
