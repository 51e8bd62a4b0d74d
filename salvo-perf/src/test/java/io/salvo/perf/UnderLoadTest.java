package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code salvo-perf latency --rate} over real sockets: against {@code salvo-perf echo} every probe
 * is accounted for ({@code sent == replies + lost}); against an echo that drops some probes on
 * purpose those are counted lost; a damaged echo fails the run; bad options are usage errors (exit code 2).
 * No assertion on time.
 */
class UnderLoadTest extends CommandHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"spin", "block"})
    void everyProbeAgainstSalvoPerfEchoIsARepliesOrALoss(String idle) throws Exception {
        int port = freeUdpPort();
        Background echo = serve("127.0.0.1:" + port, "echo", "--protocol", "udp", "--bind", "127.0.0.1:" + port,
                "--idle", idle, "--exit-after", "300");
        clearOutput();
        int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + port, "--rate", "20000",
                "--count", "4000", "--warmup", "400", "--idle", idle, "--json");
        assertThat(echo.stop()).isZero();
        assertThat(code).as(stderr()).isZero();
        JsonNode j = MAPPER.readTree(line("\"rtt_p50_us\""));
        JsonSchemaDoc.assertFollows(j, JsonSchemaDoc.LATENCY_RATE);
        assertThat(j.get("sent").asLong()).isEqualTo(4000);
        assertThat(j.get("replies").asLong() + j.get("lost").asLong()).isEqualTo(4000);
        assertThat(j.get("replies").asLong()).isPositive();
        assertThat(j.get("late").asLong()).isLessThanOrEqualTo(j.get("lost").asLong());
        assertThat(j.get("unexpected").asLong()).isZero();
        assertThat(j.get("rate").asLong()).isEqualTo(20000);
        assertThat(j.get("rtt_p50_us").asDouble()).isPositive().isLessThanOrEqualTo(j.get("rtt_p99_us").asDouble());
        assertThat(j.get("rtt_p999_us").asDouble()).isLessThanOrEqualTo(j.get("rtt_max_us").asDouble());
    }

    @Test
    void theSummarySaysWhereEveryProbeWent() throws Exception {
        int port = freeUdpPort();
        Background echo = serve("127.0.0.1:" + port, "echo", "--protocol", "udp", "--bind", "127.0.0.1:" + port,
                "--exit-after", "300");
        clearOutput();
        int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + port, "--rate", "10000",
                "--count", "1000", "--warmup", "100");
        assertThat(echo.stop()).isZero();
        assertThat(code).as(stderr()).isZero();
        SummaryText t = new SummaryText(stdout());
        assertThat(t.row("mode")).startsWith("under load");
        assertThat(t.row("peer")).isEqualTo("udp 127.0.0.1:" + port + ", transport native");
        assertThat(t.row("settings")).isEqualTo("size 64 B, 10,000 probes/s, 1,000 probes after 100 warm-up, idle block, timeout 1000 ms");
        t.match("probes", "1,000 sent = [0-9,]+ replies \\+ [0-9,]+ lost \\([0-9,]+ of them late\\), 0 unexpected");
        t.match("round trip", "p50 [0-9.]+ us, p99 [0-9.]+ us, p99.9 [0-9.]+ us, max [0-9.]+ us \\(from scheduled send times\\)");
    }

    /** Echoes datagrams back, except that it drops every probe whose sequence number ends in 3, and damages probe 77 if asked. */
    private static Thread jdkEcho(DatagramSocket socket, boolean damage) {
        return Thread.ofPlatform().start(() -> {
            DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
            try {
                while (true) {
                    p.setLength(65_536);
                    socket.receive(p);
                    long sequence = ByteBuffer.wrap(p.getData(), 1, 8).getLong();
                    if (sequence % 10 == 3) {
                        continue;
                    }
                    if (damage && sequence == 77) {
                        p.getData()[p.getLength() - 1] ^= 1;
                    }
                    socket.send(p);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    @Test
    void probesTheEchoDropsAreCountedLost() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread echo = jdkEcho(socket, false);
            int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + socket.getLocalPort(),
                    "--rate", "5000", "--count", "2000", "--warmup", "100", "--timeout-ms", "200", "--json");
            socket.close();
            echo.join(60_000);
            assertThat(code).as(stderr()).isZero();
            JsonNode j = MAPPER.readTree(stdout());
            // probes 100..2099: 200 end in 3 and are dropped on purpose; the kernel may lose more under load, never fewer
            assertThat(j.get("sent").asLong()).isEqualTo(2000);
            assertThat(j.get("lost").asLong()).isGreaterThanOrEqualTo(200);
            assertThat(j.get("replies").asLong() + j.get("lost").asLong()).isEqualTo(2000);
        }
    }

    @Test
    void aDamagedEchoFailsTheRun() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread echo = jdkEcho(socket, true);
            int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + socket.getLocalPort(),
                    "--rate", "5000", "--count", "500", "--warmup", "0");
            socket.close();
            echo.join(60_000);
            assertThat(code).isNotZero();
            assertThat(stderr()).contains("the echo of probe 77 differs from what was sent");
        }
    }

    @Test
    void aSilentPeerEndsTheRunWithOneLine() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int code = SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + silent.getLocalPort(),
                    "--rate", "1000", "--count", "100000", "--timeout-ms", "50");
            assertEndpointProblem(code, "no echo from 127.0.0.1:" + silent.getLocalPort() + " for the first "); // 3 or more, as the deadlines pass
        }
    }

    @Test
    void badRateOptionsAreUsageErrors() {
        String[][] cases = {
                {"--rate needs --protocol udp", "--protocol", "tcp", "--rate", "1000"},
                {"--rate must be between 0", "--protocol", "udp", "--rate", "-5"},
                {"probes in flight", "--protocol", "udp", "--rate", "10000000", "--timeout-ms", "60000"}};
        for (String[] c : cases) {
            clearOutput();
            String[] args = new String[c.length + 1];
            args[0] = "latency";
            args[1] = "--connect=127.0.0.1:9";
            System.arraycopy(c, 1, args, 2, c.length - 1);
            assertThat(SalvoPerf.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(stderr().lines().findFirst().orElse("")).startsWith("salvo-perf: ").contains(c[0]);
            assertThat(stdout()).isEmpty();
        }
    }
}
