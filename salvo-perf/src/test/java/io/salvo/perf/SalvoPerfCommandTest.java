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

/** salvo-perf end to end, in process: JSON, human summary, the simulated link, invalid input, server and client. */
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
    void jsonModePrintsOneParsableObjectWhoseCountsBalance() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--size", "64", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        JsonNode d = json.get("datagrams");
        assertThat(json.get("transport").asText()).isEqualTo("native");
        assertThat(json.get("size").asInt()).isEqualTo(64);
        assertThat(d.get("unique_received").asLong()).isPositive();
        assertThat(d.get("sent").asLong()).isEqualTo(d.get("unique_received").asLong() + d.get("lost").asLong());
        assertThat(d.get("lost").asLong()).isNotNegative();
        assertThat(json.get("sent_pps").asDouble()).isEqualTo(d.get("sent").asLong() / json.get("duration_s").asDouble());
        assertThat(json.get("balance").asText()).endsWith(" lost").contains(" sent = ", " unique received + ");
        assertThat(json.get("drops").has("kernel_receive_overflow")).isTrue();
        assertThat(json.get("events").has("send_buffer_full")).isTrue();
        assertThat(json.get("rtt_us").get("p50").asDouble()).isPositive();
        assertThat(json.get("loopback_network").isNull()).isTrue();
        assertThat(stdout().trim().lines().count()).as("nothing but the JSON on stdout").isEqualTo(1);
        assertThat(err.toString()).contains("dgram/s", "window so far: sent ", "not yet received");
    }

    /**
     * Through the simulated link, salvo-perf's counts equal the network's own: about 1,500
     * datagrams of 100 bytes, which its receive queue (65,536 datagrams at this size) holds all of
     * however late the receiver thread runs.
     */
    @Test
    void overAnImpairedLoopbackLinkTheCountsEqualTheNetworks() throws Exception {
        int code = SalvoPerf.execute("--transport", "loopback", "--loss", "10", "--duplicate", "5", "--reorder", "5",
                "--seed", "42", "--rate", "1000", "--duration", "1.5", "--warmup", "0", "--size", "100", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        JsonNode d = json.get("datagrams");
        JsonNode net = json.get("loopback_network");
        assertThat(json.get("transport").asText()).isEqualTo("loopback");
        assertThat(json.get("impairments").get("loss_pct").asDouble()).isEqualTo(10);
        assertThat(json.get("impairments").get("seed").asLong()).isEqualTo(42);
        assertThat(net.get("in_flight").asLong()).isZero();
        assertThat(d.get("sent").asLong()).isEqualTo(net.get("sent").asLong()).isPositive();
        assertThat(d.get("lost").asLong()).isEqualTo(net.get("dropped").asLong()).isPositive()
                .isEqualTo(json.get("drops").get("impairment").asLong());
        assertThat(d.get("duplicated").asLong()).isEqualTo(net.get("duplicated").asLong()).isPositive();
        assertThat(d.get("unique_received").asLong() + d.get("duplicated").asLong()).isEqualTo(net.get("received").asLong());
        assertThat(d.get("out_of_order").asLong()).isPositive();
    }

    @Test
    void theSummaryShowsTheBalanceDropsAndEventsApart() {
        int code = SalvoPerf.execute("--transport", "loopback", "--duplicate", "1", "--rate", "2000", "--duration", "1");
        assertThat(code).as(err.toString()).isZero();
        SummaryText t = new SummaryText(stdout());
        String[] b = t.match("balance", "([0-9,]+) sent = ([0-9,]+) unique received \\+ ([0-9,]+) lost");
        assertThat(SummaryText.count(b[0])).isEqualTo(SummaryText.count(b[1]) + SummaryText.count(b[2]));
        assertThat(t.row("drops (lost, by cause)")).isNotEmpty();
        assertThat(t.row("events (nothing lost)")).isNotEmpty();
        assertThat(t.row("impairments")).startsWith("loss 0.00%, duplicate 1.00%");
        assertThat(t.row("loopback network")).contains("in flight 0");
    }

    @Test
    void humanModePrintsProgressAndTheSummaryTable() {
        int code = SalvoPerf.execute("--duration", "1.5", "--transport", "nio", "--ipv6", "--batch", "8");
        assertThat(code).as(err.toString()).isZero();
        assertThat(stdout()).contains("1.0s", "salvo-perf summary", "nio-udp", "receiver CPU", "round trip", "IPv6",
                "balance", "drops (lost, by cause)", "events (nothing lost)");
    }

    @Test
    void gsoAndGroAreReportedAndCarryManyDatagramsPerCall() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--gso", "--gro", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("gso").asBoolean()).isTrue();
        assertThat(json.get("gro").asBoolean()).isTrue();
        assertThat(json.get("datagrams_per_send_call").asDouble()).isGreaterThan(64);
        // Every GSO segment carries its own sequence header, and every GRO segment is read as one datagram.
        JsonNode d = json.get("datagrams");
        assertThat(d.get("unique_received").asLong()).isPositive();
        assertThat(d.get("unrecognised").asLong()).isZero();
        assertThat(d.get("duplicated").asLong()).isZero();
        assertThat(d.get("late").asLong()).isZero();
    }

    @Test
    void withoutOffloadOptionsANativeUdpRunUsesWhatTheKernelOffers() throws Exception {
        int code = SalvoPerf.execute("--duration", "0.5", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        io.salvo.transport.Capabilities offered = KernelOffloads.of(false);
        assertThat(json.get("gso").asBoolean()).isEqualTo(offered.gso());
        assertThat(json.get("gro").asBoolean()).isEqualTo(offered.gro());
        assertThat(json.get("capabilities").asText()).contains("gro=" + offered.gro());
    }

    @Test
    void noGsoAndNoGroGivePlainSockets() throws Exception {
        int code = SalvoPerf.execute("--duration", "0.5", "--no-gso", "--no-gro", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("gso").asBoolean()).isFalse();
        assertThat(json.get("gro").asBoolean()).isFalse();
        assertThat(json.get("capabilities").asText()).contains("gro=false");
        // At most a batch of 64 per call (the window's edges can tip the ratio a hair over); with GSO it is thousands.
        assertThat(json.get("datagrams_per_send_call").asDouble()).isLessThan(100);
    }

    @Test
    void theJdkFallbackRunsWithoutOffloadsUnlessAsked() throws Exception {
        int code = SalvoPerf.execute("--duration", "0.5", "--transport", "nio", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("gso").asBoolean()).isFalse();
        assertThat(json.get("gro").asBoolean()).isFalse();
    }

    @Test
    void severalSocketsShareThePortWithReusePort() throws Exception {
        int code = SalvoPerf.execute("--duration", "1", "--sockets", "2", "--size", "200", "--coalesce-us", "20", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("sockets").asInt()).isEqualTo(2);
        assertThat(json.get("datagrams").get("unique_received").asLong()).isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--size|0|--size must be between 9 (the sequence header) and 65507",
            "--size|8|--size must be between 9 (the sequence header) and 65507",
            "--batch|5000|--batch must be between 1 and 1024",
            "--transport|carrier-pigeon|expected native, nio or loopback",
            "--loss|5|need --transport loopback",
            "--warmup|20|--warmup must be >= 0 and less than --duration",
            "--duration|-3|--duration must be > 0",
            "--sockets|0|--sockets must be between 1 and 64",
            "--coalesce-us|-1|--coalesce-us must be between 0 and 100000",
            "--bogus|1|Unknown option"})
    void invalidInputGetsOneLineAndExitCodeTwo(String option, String value, String message) {
        assertRejected(message, option, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--transport loopback --loss 101|--loss must be a percentage between 0 and 100",
            "--transport loopback --duplicate -1|--duplicate must be a percentage between 0 and 100",
            "--transport loopback --reorder 5 --reorder-distance 0|--reorder-distance must be between 1 and 1000",
            "--transport loopback --gro|--gro needs --transport native",
            "--transport loopback --ipv6|--ipv6 needs --transport native or nio",
            "client --host 127.0.0.1 --transport loopback|client needs --transport native or nio",
            "server --transport loopback|server needs --transport native or nio"})
    void invalidCombinationsGetOneLineAndExitCodeTwo(String args, String message) {
        assertRejected(message, args.split(" "));
    }

    private void assertRejected(String message, String... args) {
        int code = SalvoPerf.execute(args);
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
                "--warmup", "0.25", "--rate", "50000", "--json");
        assertThat(code).as(err.toString()).isZero();
        String json = stdout().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode r = new ObjectMapper().readTree(json);
        JsonNode d = r.get("datagrams");
        assertThat(d.get("unique_received").asLong()).as(json + err).isPositive();
        assertThat(d.get("sent").asLong()).isEqualTo(d.get("unique_received").asLong() + d.get("lost").asLong());
        assertThat(d.get("sent").asLong()).isBetween(20_000L, 70_000L);
        assertThat(d.get("duplicated").asLong()).isZero();
        assertThat(r.get("rtt_us").get("samples").asLong()).as(json + err).isPositive();
        server.join(10_000);
        assertThat(server.isAlive()).isFalse();
    }
}
