package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.Tally;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.udp.UdpTransport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf client}: sends to a {@code salvo-perf server} for the duration, asks it what
 * arrived of the datagrams sent in the measured window, measures round trips, and prints the same
 * summary as a run in one process (the receiver's CPU per datagram comes from the server's report).
 * With {@code --protocol tcp}, {@link TcpClient} does the same over TCP connections.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Send to a salvo-perf server and report.")
final class ClientCommand implements Callable<Integer> {

    /** The server counts what arrives this long after the client stopped sending. */
    private static final long GRACE_MILLIS = 300;

    @Mixin
    PerfOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, description = "The server's address (HOST, or HOST:PORT).")
    String host;

    @Option(names = "--port", defaultValue = "4433", description = "The server's UDP or TCP port, unless --host has one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (options.transport == PerfOptions.TransportKind.LOOPBACK) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "client needs --transport native or nio (loopback is in-process only)");
        }
        if (options.protocol == Protocol.TCP) {
            return SalvoPerf.runAndReport(spec, options, watch -> new TcpClient(options,
                    Addresses.inet(host, port), SalvoPerf.progressStream(options)).run());
        }
        return SalvoPerf.runAndReport(spec, options, this::measure);
    }

    private PerfResult measure(Observation watch) throws Exception {
        InetSocketAddress server = Addresses.inet(host, port);
        InetSocketAddress any = new InetSocketAddress(options.ipv6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), 0);
        PrintStream progress = SalvoPerf.progressStream(options);
        try (DatagramTransport data = watch.wrap(UdpTransport.bind(any, options.udpOptions(false)));
             DatagramTransport control = watch.wrap(UdpTransport.bind(any, options.udpOptions(false)))) {
            if (request(control, server, Wire.RESET) == null) {
                throw new EndpointException("no answer from a salvo-perf server at " + server + " (UDP)");
            }
            SenderLoop sender = new SenderLoop(data, server, options, options.rate, 0);
            long warmupNanos = (long) (options.warmup() * 1e9);
            Thread t = Thread.ofPlatform().name("salvo-perf-sender").start(sender);
            ThreadMeter meter = new ThreadMeter(t);
            long start = System.nanoTime();
            long warmAt = -1;
            long cpu0 = -1;
            long alloc0 = -1;
            long callsAtWarm = 0;
            long lastSent = 0;
            long lastAt = start;
            long nextTick = start + 1_000_000_000L;
            long end = start + (long) (options.durationSeconds * 1e9);
            while (true) {
                long now = System.nanoTime();
                if (warmAt < 0 && (now - start >= warmupNanos || now >= end)) {
                    // At the start without a warm-up; at the end if a loaded machine slept through it (an empty window).
                    sender.startMeasuring();
                    warmAt = now;
                    cpu0 = meter.cpuNanos();
                    alloc0 = meter.allocatedBytes();
                    callsAtWarm = data.stats().sendCalls();
                }
                if (now >= end) {
                    break;
                }
                if (now >= nextTick - 1_000_000) {
                    long s = sender.sent();
                    double pps = (s - lastSent) / ((now - lastAt) / 1e9);
                    SocketTotals totals = SocketTotals.of(List.of(data));
                    Progress.sendLine(progress, (now - start) / 1e9, pps, pps * options.size * 8 / 1e9, warmAt >= 0,
                            totals.drops(), totals.events());
                    lastSent = s;
                    lastAt = now;
                    nextTick += 1_000_000_000L;
                }
                long wakeAt = Math.min(nextTick, end);
                if (warmAt < 0) {
                    wakeAt = Math.min(wakeAt, start + warmupNanos);
                }
                long sleep = Math.max(0, wakeAt - System.nanoTime());
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            long cpu = meter.cpuNanos();
            long alloc = meter.allocatedBytes();
            long stoppedAt = System.nanoTime();
            long callsAtStop = data.stats().sendCalls();
            sender.stop();
            t.join();
            if (sender.failure() != null) {
                throw new IOException("sender failed: " + sender.failure(), sender.failure());
            }
            Thread.sleep(GRACE_MILLIS); // what is still in flight arrives before the server counts
            DatagramBuffer reply = request(control, server, Wire.REPORT);
            if (reply == null) {
                throw new IOException("the server did not report its counts");
            }
            ServerReport report = ServerReport.readFrom(reply);
            Histogram rtt = RttProbe.measure(control, server, options.size, (long) Math.min(1e9, options.durationSeconds * 0.2e9),
                    200_000);
            Tally tally = new Tally(sender.sentMeasured(), report.measured());
            long sent = tally.sent();
            SocketTotals whole = SocketTotals.of(List.of(data));
            PerfResult.Costs costs = new PerfResult.Costs(
                    cpu < 0 || cpu0 < 0 || sent == 0 ? Double.NaN : (double) (cpu - cpu0) / sent,
                    report.datagramsReceived() == 0 ? Double.NaN : (double) report.cpuNanos() / report.datagramsReceived(),
                    alloc < 0 || alloc0 < 0 || sent == 0 ? Double.NaN : (double) (alloc - alloc0) / sent);
            PerfResult.Setup setup = new PerfResult.Setup(options.transportName(), data.capabilities().toString(),
                    options.size, options.batch(), options.gso(), options.gro(), 1, options.ipv6, null);
            return new PerfResult(setup, (warmAt - start) / 1e9, (stoppedAt - warmAt) / 1e9, tally, callsAtStop - callsAtWarm,
                    whole.drops(), whole.events(), costs, RttProbe.summary(rtt), null);
        }
    }

    /** Sends a control request (type and nonce) and waits up to a second (three tries) for its answer. */
    private static DatagramBuffer request(DatagramTransport control, InetSocketAddress server, byte type) throws IOException {
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeByte(type).writeLong(System.nanoTime() | 1);
        DatagramBuffer in = DatagramBuffer.allocate(1472, 0);
        for (int attempt = 0; attempt < 3; attempt++) {
            control.send(out, server);
            long giveUp = System.nanoTime() + 333_000_000L;
            while (System.nanoTime() < giveUp) {
                if (control.recv(in) != null && !in.isEmpty()
                        && (type == Wire.RESET ? in.contentEquals(out) : ServerReport.isReply(in))) {
                    return in;
                }
                control.awaitReadable(10_000_000);
            }
        }
        return null;
    }
}
