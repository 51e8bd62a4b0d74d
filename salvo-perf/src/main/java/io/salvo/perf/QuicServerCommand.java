package io.salvo.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.quic.PeerWeights;
import io.salvo.quic.QuicStreamer;
import io.salvo.quic.QuicStreamerConfig;
import io.salvo.quic.QuicStreamerStats;
import io.salvo.quic.tls.PemFiles;
import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.udp.UdpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf quic server}: runs a {@link QuicStreamer} for {@code --duration} seconds (or
 * until its thread is interrupted) and
 * reports the streams (packets) it took, their bytes, the connections, and the process's CPU per
 * stream (all of Kwik's threads and the streamer's; the JVM's own background work too) over the
 * window in which streams arrived, sampled every 100 ms.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs Salvo's QUIC streamer (one packet per unidirectional stream) for --duration seconds, then "
                + "reports streams, bytes, connections and server CPU per stream.")
final class QuicServerCommand implements Callable<Integer> {

    private static final long SAMPLE_MILLIS = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", required = true, paramLabel = "ADDR", description = "HOST:PORT to receive on.")
    String bind;

    @Option(names = "--alpn", defaultValue = QuicStreamerConfig.DEFAULT_ALPN,
            description = "The ALPN protocol to accept (default: ${DEFAULT-VALUE}).")
    String alpn;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "S",
            description = "Seconds to run (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--cert", paramLabel = "PEM", description = "Certificate file; with --key. Default: a self-signed one made at start.")
    Path certificate;

    @Option(names = "--key", paramLabel = "PEM", description = "PKCS#8 private key file, with --cert.")
    Path key;

    @Option(names = "--json", description = "Print one JSON object and nothing else on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(durationSeconds > 0) || durationSeconds > 86_400) {
            throw new ParameterException(spec.commandLine(), "--duration must be in (0, 86400] seconds");
        }
        if ((certificate == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together");
        }
        if (alpn.isEmpty() || alpn.length() > 255) {
            throw new ParameterException(spec.commandLine(), "--alpn must be 1..255 characters");
        }
        InetSocketAddress at = Addresses.inet(bind, -1);
        ServerCredentials credentials = credentials(at);
        DatagramTransport transport;
        try {
            transport = UdpTransport.bind(at);
        } catch (IOException e) {
            throw Addresses.bindFailed(at, e);
        }
        QuicStreamerConfig config = QuicStreamerConfig.defaults().withAlpn(alpn)
                // A benchmark measures the streamer, not its admission control.
                .withStreamRates(100_000_000, 100_000_000, Duration.ofSeconds(1), Duration.ofMillis(100))
                .withConnectionLimits(10_000, 10_000);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        QuicStreamerStats stats;
        double seconds;
        long cpu;
        try (QuicStreamer streamer = QuicStreamer.start(transport, config, credentials, PeerWeights.NONE,
                (data, length, peer, id) -> { })) {
            (json ? System.err : System.out).println("salvo-perf quic server: listening on "
                    + Addresses.show(streamer.localAddress()) + ", alpn " + alpn + ", for " + durationSeconds + " s");
            long start = System.nanoTime();
            long end = start + (long) (durationSeconds * 1e9);
            // The measured window runs from the last sample before the first stream to the sample that saw the
            // last one, so idle time before and after the client's run does not dilute the CPU per stream.
            long cpuBefore = os.getProcessCpuTime();
            long windowCpuStart = -1;
            long windowStart = start;
            long lastStreams = 0;
            long windowCpuEnd = cpuBefore;
            long windowEnd = start;
            long sampledAt = start;
            boolean running = true;
            while (running) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    running = false; // stopped early (an in-process host): one last sample, then report
                }
                running &= System.nanoTime() < end;
                // The last sample also runs after a stop, so streams that came after the previous one count.
                long cpuNow = os.getProcessCpuTime();
                long streamsNow = streamer.stats().packetsDelivered();
                long now = System.nanoTime();
                if (streamsNow != lastStreams) {
                    if (windowCpuStart < 0) {
                        windowCpuStart = cpuBefore;
                        windowStart = sampledAt;
                    }
                    windowCpuEnd = cpuNow;
                    windowEnd = now;
                    lastStreams = streamsNow;
                }
                cpuBefore = cpuNow;
                sampledAt = now;
            }
            stats = streamer.stats();
            seconds = windowCpuStart < 0 ? 0 : (windowEnd - windowStart) / 1e9;
            cpu = windowCpuStart < 0 ? 0 : windowCpuEnd - windowCpuStart;
        }
        long streams = stats.packetsDelivered();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("alpn", alpn);
            o.put("duration_s", seconds);
            o.put("streams", streams);
            o.put("bytes", stats.bytesDelivered());
            o.put("connections", stats.connectionsAccepted());
            if (seconds > 0) {
                o.put("streams_per_s", streams / seconds);
            } else {
                o.putNull("streams_per_s");
            }
            if (streams > 0) {
                o.put("server_cpu_ns_per_stream", (double) cpu / streams);
            } else {
                o.putNull("server_cpu_ns_per_stream");
            }
            o.put("streams_refused", stats.streamsRefused() + stats.streamsOversized() + stats.streamsTimedOut());
            o.put("handshakes_timed_out", stats.handshakesTimedOut());
            System.out.println(o);
        } else {
            System.out.printf("%d streams (%.0f/s while they arrived), %d bytes, %d connections over %.1f s of traffic; server CPU %s per stream%n",
                    streams, seconds > 0 ? streams / seconds : 0.0, stats.bytesDelivered(), stats.connectionsAccepted(), seconds,
                    streams > 0 ? String.format("%.1f µs", cpu / 1e3 / streams) : "n/a");
        }
        return 0;
    }

    private ServerCredentials credentials(InetSocketAddress at) throws EndpointException {
        if (certificate == null) {
            return SelfSignedCertificate.generate("localhost", at.getAddress().getHostAddress());
        }
        try {
            return PemFiles.read(certificate, key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new EndpointException("cannot use --cert/--key: " + e.getMessage(), e);
        }
    }
}
