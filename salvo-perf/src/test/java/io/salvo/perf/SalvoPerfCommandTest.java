package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** salvo-perf end to end, in process: loopback JSON, human summary, invalid input, server and client. */
class SalvoPerfCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonModePrintsOneParsableObjectWithTheDocumentedFields() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--size", "64", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        for (String field : List.of("transport", "size", "batch", "gso", "gro", "duration_s", "sent_datagrams",
                "received_datagrams", "sent_pps", "received_pps", "received_gbps", "lost", "drops",
                "sender_cpu_ns_per_datagram", "receiver_cpu_ns_per_datagram", "allocated_bytes_per_datagram", "rtt_us")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("transport").asText()).isEqualTo("native");
        assertThat(json.get("size").asInt()).isEqualTo(64);
        assertThat(json.get("received_datagrams").asLong()).isPositive();
        assertThat(json.get("sent_datagrams").asLong()).isGreaterThanOrEqualTo(json.get("received_datagrams").asLong() / 2);
        assertThat(json.get("drops").has("kernel_receive_overflow")).isTrue();
        assertThat(json.get("rtt_us").get("p50").asDouble()).isPositive();
        assertThat(json.get("rtt_us").has("p99")).isTrue();
        assertThat(json.get("rtt_us").has("p999")).isTrue();
        assertThat(stdout().trim().lines().count()).as("nothing but the JSON on stdout").isEqualTo(1);
        assertThat(err.toString()).contains("dgram/s");
    }

    @Test
    void humanModePrintsProgressAndTheSummaryTable() {
        int code = SalvoPerf.execute("--duration", "1.5", "--transport", "nio", "--ipv6", "--batch", "8");
        assertThat(code).as(err.toString()).isZero();
        assertThat(stdout()).contains("1.0s", "salvo-perf summary", "nio-udp", "receiver CPU", "round trip", "IPv6",
                "drops by cause");
    }

    @Test
    void gsoAndGroAreReportedAndCarryManyDatagramsPerCall() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--gso", "--gro", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("gso").asBoolean()).isTrue();
        assertThat(json.get("gro").asBoolean()).isTrue();
        assertThat(json.get("datagrams_per_send_call").asDouble()).isGreaterThan(64);
    }

    @Test
    void severalSocketsShareThePortWithReusePort() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--sockets", "2", "--size", "200", "--coalesce-us", "20", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("sockets").asInt()).isEqualTo(2);
        assertThat(json.get("received_datagrams").asLong()).isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--size|0|--size must be between 1 and 65507",
            "--batch|5000|--batch must be between 1 and 1024",
            "--transport|carrier-pigeon|expected native or nio",
            "--duration|-3|--duration must be > 0",
            "--sockets|0|--sockets must be between 1 and 64",
            "--coalesce-us|-1|--coalesce-us must be between 0 and 100000",
            "--bogus|1|Unknown option"})
    void invalidInputGetsOneLineAndExitCodeTwo(String option, String value, String message) {
        int code = SalvoPerf.execute(option, value);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(err.toString().lines().findFirst().orElse("")).startsWith("salvo-perf: ");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void clientMeasuresAgainstAServer() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        int serverPort = port;
        Thread server = Thread.ofPlatform().start(() -> SalvoPerf.execute("server", "--bind", "127.0.0.1",
                "--port", String.valueOf(serverPort), "--exit-after", "6"));
        Thread.sleep(300);
        int code = SalvoPerf.execute("client", "--host", "127.0.0.1", "--port", String.valueOf(port), "--duration", "1",
                "--rate", "50000", "--json");
        assertThat(code).as(err.toString()).isZero();
        String json = stdout().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode r = new ObjectMapper().readTree(json);
        assertThat(r.get("received_datagrams").asLong()).as(json + err).isPositive();
        assertThat(r.get("sent_datagrams").asLong()).isBetween(30_000L, 70_000L);
        assertThat(r.get("rtt_us").get("samples").asLong()).as(json + err).isPositive();
        server.join(10_000);
        assertThat(server.isAlive()).isFalse();
    }
}
