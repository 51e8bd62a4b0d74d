package io.salvo.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.quic.QuicSender;
import io.salvo.quic.QuicSenderConfig;
import io.salvo.quic.QuicStreamerConfig;
import io.salvo.quic.SendReport;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.udp.UdpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code salvo-perf quic client}: {@code --connections} {@link QuicSender}s, a thread each, send
 * {@code --packets} packets in all (one per stream) to a QUIC server, then wait for the server to
 * confirm them. Reports packets per second over the whole send-and-confirm time, the handshake
 * times, and how many packets stayed unconfirmed.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Sends --packets packets (one per unidirectional stream) over --connections QUIC connections, "
                + "waits until the server confirms them, and reports packets/s and handshake times.")
final class QuicClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "ADDR", description = "HOST:PORT of the QUIC server.")
    String connect;

    @Option(names = "--alpn", defaultValue = QuicStreamerConfig.DEFAULT_ALPN,
            description = "The ALPN protocol to offer (default: ${DEFAULT-VALUE}).")
    String alpn;

    @Option(names = "--connections", defaultValue = "1", description = "Connections, a thread each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--packets", defaultValue = "10000", description = "Packets in all, split over the connections (default: ${DEFAULT-VALUE}).")
    long packets;

    @Option(names = "--size", defaultValue = "1232", description = "Bytes per packet, 8..1232 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--cert", paramLabel = "PEM",
            description = "Trust only this certificate (PEM). Default: the server is not verified (benchmarks only).")
    Path trust;

    @Option(names = "--server-name", defaultValue = "localhost",
            description = "Name to check the server's certificate against, with --cert (default: ${DEFAULT-VALUE}).")
    String serverName;

    @Option(names = "--json", description = "Print one JSON object and nothing else on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || connections > 1024) {
            throw new ParameterException(spec.commandLine(), "--connections must be 1..1024");
        }
        if (packets < 1) {
            throw new ParameterException(spec.commandLine(), "--packets must be at least 1");
        }
        if (size < 8 || size > 1232) {
            throw new ParameterException(spec.commandLine(), "--size must be 8..1232");
        }
        InetSocketAddress target = Addresses.inet(connect, -1);
        QuicSenderConfig config = (trust == null ? QuicSenderConfig.insecure() : QuicSenderConfig.trusting(trustStore(trust)))
                .withAlpn(alpn);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        long[] handshakeNanos = new long[connections];
        List<QuicSender> senders = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                long t0 = System.nanoTime();
                try {
                    senders.add(QuicSender.connect(target, serverName, config,
                            () -> UdpTransport.bind(new InetSocketAddress(target.getAddress().isLoopbackAddress()
                                    ? target.getAddress() : null, 0))));
                } catch (IOException e) {
                    throw new EndpointException("cannot connect to " + Addresses.show(target) + ": " + e.getMessage(), e);
                }
                handshakeNanos[i] = System.nanoTime() - t0;
            }
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<SendReport> reports = sendAll(senders);
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = os.getProcessCpuTime() - cpuStart;
            senders.clear();
            print(reports, seconds, cpu, handshakeNanos);
            return 0;
        } finally {
            for (QuicSender s : senders) {
                s.close(Duration.ZERO);
            }
        }
    }

    private List<SendReport> sendAll(List<QuicSender> senders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<SendReport>> futures = new ArrayList<>();
            for (int i = 0; i < senders.size(); i++) {
                QuicSender sender = senders.get(i);
                long share = packets / senders.size() + (i < packets % senders.size() ? 1 : 0);
                long first = i * (packets / senders.size()) + Math.min(i, packets % senders.size());
                futures.add(pool.submit(() -> {
                    byte[] packet = new byte[size];
                    for (long s = first; s < first + share; s++) {
                        ByteBuffer.wrap(packet).putLong(s);
                        sender.send(packet);
                    }
                    return sender.close(Duration.ofSeconds(30));
                }));
            }
            List<SendReport> reports = new ArrayList<>();
            for (Future<SendReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw new EndpointException("sending to " + connect + " failed: " + cause.getMessage(), cause);
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private void print(List<SendReport> reports, double seconds, long cpu, long[] handshakeNanos) {
        long sent = reports.stream().mapToLong(SendReport::sent).sum();
        long confirmed = reports.stream().mapToLong(SendReport::confirmed).sum();
        long unconfirmed = reports.stream().mapToLong(SendReport::unconfirmed).sum();
        long refused = reports.stream().mapToLong(SendReport::refused).sum();
        long[] sorted = handshakeNanos.clone();
        Arrays.sort(sorted);
        double handshakeP50 = sorted[sorted.length / 2] / 1e6;
        double handshakeMax = sorted[sorted.length - 1] / 1e6;
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("alpn", alpn);
            o.put("connections", handshakeNanos.length);
            o.put("size", size);
            o.put("packets", sent);
            o.put("confirmed", confirmed);
            o.put("unconfirmed", unconfirmed);
            o.put("refused", refused);
            o.put("duration_s", seconds);
            o.put("packets_per_s", confirmed / seconds);
            o.put("handshake_ms_p50", handshakeP50);
            o.put("handshake_ms_max", handshakeMax);
            o.put("client_cpu_ns_per_packet", sent > 0 ? (double) cpu / sent : 0);
            System.out.println(o);
        } else {
            System.out.printf("%d packets sent, %d confirmed, %d unconfirmed, %d refused in %.2f s: %.0f confirmed packets/s; "
                            + "handshake p50 %.1f ms, max %.1f ms; client CPU %.1f µs per packet%n",
                    sent, confirmed, unconfirmed, refused, seconds, confirmed / seconds, handshakeP50, handshakeMax,
                    sent > 0 ? cpu / 1e3 / sent : 0);
        }
    }

    private static KeyStore trustStore(Path pem) throws EndpointException {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ServerCredentials.ALIAS, cert);
            return store;
        } catch (Exception e) {
            throw new EndpointException("cannot use --cert " + pem + ": " + e.getMessage(), e);
        }
    }
}
