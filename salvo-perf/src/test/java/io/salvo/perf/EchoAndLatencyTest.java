package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code salvo-perf echo} returns exactly what JDK clients send it, over TCP, a Unix stream socket
 * and UDP; {@code salvo-perf latency} measures against tiny JDK echo servers, against
 * {@code salvo-perf echo} in both idle flavours, and against {@code salvo-perf server}.
 */
class EchoAndLatencyTest extends CommandHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Frame sizes from empty to past the echo's 256 KiB read buffer (streamed through). */
    private static final int[] SIZES = {0, 1, 9, 100, 4096, 70_000, 300_000, 5, 65_536};

    /** The frames of {@link #SIZES}, random bytes, length32-framed back to back. */
    private static byte[] frames(long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        for (int size : SIZES) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            d.writeInt(size);
            d.write(payload);
        }
        return bytes.toByteArray();
    }

    /** Writes everything while another thread reads as much back, so neither side's buffers fill up. */
    private static byte[] roundTrip(InputStream in, OutputStream out, byte[] sent) throws Exception {
        byte[] back = new byte[sent.length];
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                new DataInputStream(in).readFully(back);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int at = 0; at < sent.length; at += 10_000) { // in pieces that cut frames anywhere
            out.write(sent, at, Math.min(10_000, sent.length - at));
        }
        out.flush();
        reader.join(60_000);
        assertThat(reader.isAlive()).isFalse();
        return back;
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "spin"})
    void tcpEchoReturnsEveryFrameIntact(String idle) throws Exception {
        int port = freeTcpPort();
        Background echo = serve("127.0.0.1:" + port, "echo", "--protocol", "tcp", "--bind", "127.0.0.1:" + port,
                "--idle", idle, "--exit-after", "300");
        byte[] sent = frames(port);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(roundTrip(s.getInputStream(), s.getOutputStream(), sent)).isEqualTo(sent);
        }
        assertThat(echo.stop()).isZero();
        assertThat(stdout()).contains("(tcp, length32 frames back whole, idle " + idle);
    }

    @Test
    void unixEchoReturnsEveryFrameIntactAndRemovesItsPath(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        Background echo = serve(path.toString(), "echo", "--protocol", "unix", "--bind", path.toString(), "--exit-after", "300");
        byte[] sent = frames(7);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            assertThat(roundTrip(Channels.newInputStream(ch), Channels.newOutputStream(ch), sent)).isEqualTo(sent);
        }
        assertThat(echo.stop()).isZero();
        assertThat(path).doesNotExist();
    }

    @Test
    void udpEchoSendsEveryDatagramBackToItsSender() throws Exception {
        int port = freeUdpPort();
        Background echo = serve("127.0.0.1:" + port, "echo", "--protocol", "udp", "--bind", "127.0.0.1:" + port,
                "--exit-after", "300");
        Random random = new Random(port);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(30_000);
            for (int size : new int[] {0, 1, 64, 1472, 9000, 65_507}) {
                byte[] sent = new byte[size];
                random.nextBytes(sent);
                s.send(new DatagramPacket(sent, size, InetAddress.getLoopbackAddress(), port));
                DatagramPacket back = new DatagramPacket(new byte[65_535], 65_535);
                s.receive(back);
                assertThat(Arrays.copyOf(back.getData(), back.getLength())).isEqualTo(sent);
            }
        }
        assertThat(echo.stop()).isZero();
    }

    /** Another tool's echo server: a JDK socket that returns each length32 frame, for {@code frames} frames. */
    private static Thread jdkTcpEcho(ServerSocket listener, int frames) {
        return Thread.ofPlatform().start(() -> {
            try (Socket s = listener.accept();
                 DataInputStream in = new DataInputStream(s.getInputStream());
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream()))) {
                s.setTcpNoDelay(true); // one segment per frame, or Nagle meets delayed ACKs: 40 ms a round trip
                for (int i = 0; i < frames; i++) {
                    byte[] payload = in.readNBytes(in.readInt());
                    out.writeInt(payload.length);
                    out.write(payload);
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        });
    }

    @Test
    void latencyMeasuresAgainstAnotherToolsTcpEchoServer() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = jdkTcpEcho(listener, Integer.MAX_VALUE);
            int code = SalvoPerf.execute("latency", "--protocol", "tcp", "--connect", "127.0.0.1:" + listener.getLocalPort(),
                    "--size", "64", "--count", "300", "--warmup", "30", "--idle", "block", "--json");
            assertThat(code).as(stderr()).isZero();
            JsonNode j = MAPPER.readTree(stdout());
            JsonSchemaDoc.assertFollows(j, JsonSchemaDoc.LATENCY);
            assertThat(j.get("samples").asLong()).isEqualTo(300);
            assertThat(j.get("timeouts").asLong()).isZero();
            assertThat(j.get("framing").asText()).isEqualTo("length32");
            assertThat(j.get("rtt_p50_us").asDouble()).isPositive().isLessThanOrEqualTo(j.get("rtt_p99_us").asDouble());
            assertThat(j.get("rtt_p999_us").asDouble()).isLessThanOrEqualTo(j.get("rtt_max_us").asDouble());
            echo.join(60_000);
        }
    }

    @Test
    void latencyMeasuresAgainstAnotherToolsUdpEchoServer() throws Exception {
        try (DatagramSocket echoSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().start(() -> {
                DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
                try {
                    while (true) {
                        p.setLength(65_535);
                        echoSocket.receive(p);
                        echoSocket.send(p); // back to where it came from
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + echoSocket.getLocalPort(),
                    "--count", "300", "--warmup", "30", "--json");
            echoSocket.close();
            echo.join(60_000);
            assertThat(code).as(stderr()).isZero();
            JsonNode j = MAPPER.readTree(stdout());
            JsonSchemaDoc.assertFollows(j, JsonSchemaDoc.LATENCY);
            assertThat(j.get("framing").isNull()).isTrue();
            assertThat(j.get("samples").asLong() + j.get("timeouts").asLong()).isEqualTo(300);
            assertThat(j.get("samples").asLong()).isPositive();
        }
    }

    @ParameterizedTest
    @CsvSource({"tcp,spin", "tcp,block", "udp,spin", "udp,block"})
    void latencyMeasuresAgainstSalvoPerfEcho(String protocol, String idle) throws Exception {
        int port = protocol.equals("udp") ? freeUdpPort() : freeTcpPort();
        Background echo = serve("127.0.0.1:" + port, "echo", "--protocol", protocol, "--bind", "127.0.0.1:" + port,
                "--idle", idle, "--exit-after", "300");
        clearOutput();
        int code = SalvoPerf.execute("latency", "--protocol", protocol, "--connect", "127.0.0.1:" + port, "--count", "500",
                "--warmup", "50", "--idle", idle);
        assertThat(echo.stop()).isZero();
        assertThat(code).as(stderr()).isZero();
        SummaryText t = new SummaryText(stdout());
        assertThat(t.row("peer")).startsWith(protocol + " 127.0.0.1:" + port);
        assertThat(t.row("settings")).isEqualTo("size 64 B, 500 round trips after 50 warm-up, idle " + idle);
        t.match("round trip", "p50 [0-9.]+ us, p99 [0-9.]+ us, p99.9 [0-9.]+ us, max [0-9.]+ us");
    }

    @Test
    void latencyMeasuresOverAUnixSocketInTheAbstractNamespace() throws Exception {
        String name = "@salvo-perf-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Background echo = serve(name, "echo", "--protocol", "unix", "--bind", name, "--idle", "spin", "--exit-after", "300");
        clearOutput();
        int code = SalvoPerf.execute("latency", "--protocol", "unix", "--connect", name, "--count", "500", "--warmup", "50",
                "--size", "1000", "--json");
        assertThat(echo.stop()).isZero();
        assertThat(code).as(stderr()).isZero();
        JsonNode j = MAPPER.readTree(stdout());
        assertThat(j.get("protocol").asText()).isEqualTo("unix");
        assertThat(j.get("samples").asLong()).isEqualTo(500);
    }

    @Test
    void latencyMeasuresAgainstSalvoPerfServerOverTcpAndUdp() throws Exception {
        int tcp = freeTcpPort();
        Background server = serve("127.0.0.1:" + tcp, "server", "--protocol", "tcp", "--bind", "127.0.0.1:" + tcp,
                "--exit-after", "300");
        int code = SalvoPerf.execute("latency", "--connect", "127.0.0.1:" + tcp, "--count", "200", "--warmup", "0", "--json");
        assertThat(server.stop()).isZero();
        assertThat(code).as(stderr()).isZero();
        assertThat(MAPPER.readTree(line("\"rtt_p50_us\"")).get("samples").asLong()).isEqualTo(200);

        clearOutput();
        int udp = freeUdpPort();
        Background udpServer = serve("127.0.0.1:" + udp, "server", "--bind", "127.0.0.1", "--port", String.valueOf(udp),
                "--exit-after", "300");
        code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + udp, "--count", "200",
                "--warmup", "0", "--json");
        udpServer.stop();
        assertThat(code).as(stderr()).isZero();
        JsonNode j = MAPPER.readTree(line("\"rtt_p50_us\""));
        assertThat(j.get("samples").asLong() + j.get("timeouts").asLong()).isEqualTo(200);
    }

    @Test
    void aUnixEchoWillNotTakeOverAnExistingPath(@TempDir Path dir) throws Exception {
        Path taken = Files.writeString(dir.resolve("taken"), "not a socket");
        int code = SalvoPerf.execute("echo", "--protocol", "unix", "--bind", taken.toString());
        assertEndpointProblem(code, "cannot listen on " + taken);
        assertThat(Files.readString(taken)).isEqualTo("not a socket");
    }

    @Test
    void latencySaysWhenThePeerGoesAway() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = jdkTcpEcho(listener, 6); // the hello and five probes, then it closes
            int code = SalvoPerf.execute("latency", "--connect", "127.0.0.1:" + listener.getLocalPort(), "--count", "1000",
                    "--warmup", "0");
            echo.join(60_000);
            assertEndpointProblem(code, "peer gone");
            assertThat(stderr()).contains("after 5 recorded round trips");
        }
    }

    @Test
    void latencySaysWhenThePeerDoesNotEcho() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread silent = Thread.ofPlatform().start(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(ByteBuffer.allocate(4).putInt(-1).array()); // not length32, and not an echo
                } catch (IOException e) {
                    // the client went away
                }
            });
            int code = SalvoPerf.execute("latency", "--connect", "127.0.0.1:" + listener.getLocalPort());
            silent.join(60_000);
            assertEndpointProblem(code, "does not echo length32 frames");
        }
    }
}
