package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.SocketStats;
import io.salvo.transport.udp.UdpTransport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf client}: sends to a {@code salvo-perf server} for the duration, asks it how
 * much arrived, measures round trips, and prints the same summary as the loopback mode (the
 * receiver's CPU per datagram comes from the server's own report).
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Send to a salvo-perf server and report.")
final class ClientCommand implements Callable<Integer> {

    @Mixin
    PerfOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, description = "The server's address.")
    String host;

    @Option(names = "--port", defaultValue = "4433", description = "The server's UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        return SalvoPerf.runAndReport(spec, options, this::measure);
    }

    private PerfResult measure() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(host), port);
        InetSocketAddress any = new InetSocketAddress(options.ipv6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), 0);
        try (UdpTransport data = UdpTransport.bind(any, options.udpOptions(false));
             UdpTransport control = UdpTransport.bind(any, options.udpOptions(false))) {
            if (request(control, server, Wire.RESET) == null) {
                throw new IOException("no answer from a salvo-perf server at " + server);
            }
            SenderLoop sender = new SenderLoop(data, server, options, options.rate);
            Thread t = Thread.ofPlatform().name("salvo-perf-sender").start(sender);
            ThreadMeter meter = new ThreadMeter(t);
            long start = System.nanoTime();
            long cpu0 = meter.cpuNanos();
            long alloc0 = meter.allocatedBytes();
            long lastSent = 0;
            long lastAt = start;
            long end = start + (long) (options.durationSeconds * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
                long s = sender.sent;
                long now = System.nanoTime();
                double pps = (s - lastSent) / ((now - lastAt) / 1e9);
                Report.sendProgress(SalvoPerf.progressStream(options), (now - start) / 1e9, pps,
                        pps * options.size * 8 / 1e9, dropsOf(data.stats()));
                lastSent = s;
                lastAt = now;
            }
            long cpu = meter.cpuNanos() - cpu0;
            long alloc = meter.allocatedBytes() - alloc0;
            sender.running = false;
            t.join();
            double window = (System.nanoTime() - start) / 1e9;
            if (sender.failure != null) {
                throw new IOException("sender failed: " + sender.failure, sender.failure);
            }
            Thread.sleep(300);
            DatagramBuffer report = request(control, server, Wire.REPORT);
            if (report == null) {
                throw new IOException("the server did not report its counts");
            }
            long received = report.getLong(1);
            long bytes = report.getLong(9);
            long serverCpu = report.getLong(17);
            Histogram rtt = RttProbe.measure(control, server, options.size, (long) Math.min(1e9, options.durationSeconds * 0.2e9),
                    200_000);
            SocketStats s = data.stats();
            Map<String, Long> drops = dropsOf(s);
            long sent = sender.sent;
            return new PerfResult(data.capabilities().kind().equals("native-udp") ? "native" : "nio",
                    data.capabilities().toString(), options.size, options.batch, options.gso, options.gro, 1,
                    options.ipv6, window, sent, received, bytes, Math.max(0, sent - received), s.sendCalls(), drops,
                    sent == 0 ? Double.NaN : (double) cpu / sent, received == 0 ? Double.NaN : (double) serverCpu / received,
                    sent == 0 ? Double.NaN : (double) alloc / sent, rtt.getTotalCount(), rtt.getValueAtPercentile(50) / 1e3,
                    rtt.getValueAtPercentile(99) / 1e3, rtt.getValueAtPercentile(99.9) / 1e3);
        }
    }

    private static Map<String, Long> dropsOf(SocketStats s) {
        Map<String, Long> drops = new TreeMap<>();
        Report.addDrops(drops, s);
        return drops;
    }

    /** Sends a control request (type and nonce) and waits up to a second (three tries) for its answer. */
    private static DatagramBuffer request(UdpTransport control, InetSocketAddress server, byte type) throws IOException {
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeByte(type).writeLong(System.nanoTime() | 1);
        DatagramBuffer in = DatagramBuffer.allocate(1472, 0);
        for (int attempt = 0; attempt < 3; attempt++) {
            control.send(out, server);
            long giveUp = System.nanoTime() + 333_000_000L;
            while (System.nanoTime() < giveUp) {
                if (control.recv(in) != null && !in.isEmpty() && (type == Wire.RESET ? in.contentEquals(out)
                        : in.getByte(0) == Wire.REPORT_REPLY)) {
                    return in;
                }
                control.awaitReadable(10_000_000);
            }
        }
        return null;
    }
}
