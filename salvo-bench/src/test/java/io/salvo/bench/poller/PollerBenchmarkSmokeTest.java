package io.salvo.bench.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.bench.BenchMain;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code salvo-bench poller} end to end with tiny sizes: both pollers register every socket, idle,
 * deliver what was sent in both traffic patterns, and the table, the targets and the JSON appear.
 */
class PollerBenchmarkSmokeTest {

    @Test
    void bothPollersRunEveryPhaseAndTheReportAppears(@TempDir Path dir) throws Exception {
        assumeTrue(UdpTransport.isNativeAvailable(), "native UDP unavailable");
        PollerSettings settings = new PollerSettings(List.of(20, 200),
                List.of(PollerKind.CURRENT, PollerKind.LEGACY, PollerKind.C), 0.1, 0.2, 20_000, 16, 32, 10, 200);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> notes = new ArrayList<>();

        List<SizeResult> rows = PollerCommand.run(settings, log, notes);

        boolean c = notes.stream().noneMatch(n -> n.startsWith("skipping c: "));
        assertThat(notes).allMatch(n -> n.startsWith("skipping c: "), "only the C row may be skipped (no gcc)");
        assertThat(rows).extracting(r -> r.poller() + "/" + r.sockets()).containsExactlyElementsOf(c
                ? List.of("current/20", "legacy/20", "c/20", "current/200", "legacy/200", "c/200")
                : List.of("current/20", "legacy/20", "current/200", "legacy/200"));
        for (SizeResult r : rows) {
            String row = r.poller() + "/" + r.sockets();
            assertThat(r.registrations()).as(row).hasSize(ScaleRun.REGISTRATION_ROUNDS).allMatch(n -> n > 0);
            assertThat(r.unregistrations()).as(row).hasSize(ScaleRun.REGISTRATION_ROUNDS - 1);
            assertThat(r.idleCpuMillisPerSecond()).as(row).isGreaterThanOrEqualTo(0);
            assertThat(r.idleNanos()).as(row).isGreaterThan(50_000_000L);
            for (TrafficResult t : List.of(r.spread(), r.hot())) {
                assertThat(t.sent()).as(row).isPositive();
                // loopback with room in every receive buffer: nothing is lost at 20,000 datagrams/s
                assertThat(t.received()).as(row).isEqualTo(t.sent());
                assertThat(t.windows()).as(row).hasSize(ScaleRun.TRAFFIC_WINDOWS);
                assertThat(t.cpuNanosPerDatagram()).as(row).isPositive().isLessThan(1e7);
                assertThat(t.datagramsPerCall()).as(row).isBetween(1.0, 16.0);
            }
            assertThat(r.spread().activeSockets()).isEqualTo(r.sockets());
            assertThat(r.hot().activeSockets()).isEqualTo(r.sockets() / 10);
        }

        List<PollerTarget> targets = PollerTarget.check(rows);
        assertThat(targets).extracting(PollerTarget::name).anyMatch(n -> n.startsWith("registration"))
                .anyMatch(n -> n.startsWith("idle")).anyMatch(n -> n.contains("traffic on all sockets"));
        PollerReport.table(rows, settings, log);
        PollerReport.targets(targets, rows, log);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("poller at scale", "targets (issue 16");

        Path json = dir.resolve("out/poller.json");
        PollerJson.write(json, settings, new FileLimit.Outcome(1024, 1024, "test"), List.of(), rows, targets);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("results")).hasSize(rows.size());
        assertThat(root.path("results").get(0).path("trafficAllSockets").path("cpuNanosPerDatagram").asDouble()).isPositive();
        assertThat(root.path("settings").path("pollers").get(1).asText()).isEqualTo("legacy");
        assertThat(root.path("targets")).hasSize(targets.size());
    }

    @Test
    void theCProgramsOutputIsReadIntoARow() {
        SizeResult r = CBaseline.parse(100, """
                addresses=1
                registration=100000 cpu=90000
                unregistration=50000
                registration=80000 cpu=70000
                idle_cpu=0 idle=1000000000
                traffic=all active=100 sent=1000 received=1000 calls=900 cpu=1000000 elapsed=200000000 first=2000.5 windows=900.0,1000.0,1100.0
                traffic=hot active=1 sent=1000 received=990 calls=500 cpu=990000 elapsed=200000000 first=1500.0 windows=1000.0,1000.0,1000.0
                """);
        assertThat(r.poller()).isEqualTo("c");
        assertThat(r.registrations()).containsExactly(100_000L, 80_000L);
        assertThat(r.registrationNanosPerSocket()).isEqualTo(900.0);
        assertThat(r.unregistrations()).containsExactly(50_000L);
        assertThat(r.idleCpuMillisPerSecond()).isZero();
        assertThat(r.spread().cpuNanosPerDatagram()).isEqualTo(1000.0);
        assertThat(r.spread().datagramsPerCall()).isEqualTo(1000.0 / 900);
        assertThat(r.hot().received()).isEqualTo(990);
        assertThat(r.hot().firstPass()).isEqualTo(1500.0);
    }

    @Test
    void theDescriptorLimitIsReadAndNeverLowered() {
        FileLimit.Outcome o = FileLimit.raiseTo(64);
        assumeTrue(o.soft() >= 0, o.note());
        assertThat(o.soft()).isGreaterThanOrEqualTo(64);
        assertThat(o.hard()).isGreaterThanOrEqualTo(o.soft());
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        for (String[] args : List.of(new String[] {"poller", "--sizes", "0"}, new String[] {"poller", "--pollers", "old"},
                new String[] {"poller", "--burst", "2000"}, new String[] {"poller", "--hot-percent", "0"},
                new String[] {"poller", "--rate", "-1"})) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));
            cl.setParameterExceptionHandler((ex, a) -> {
                cl.getErr().println("salvo-bench: " + ex.getMessage());
                return 2;
            });
            assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().strip()).as(String.join(" ", args)).startsWith("salvo-bench: ").doesNotContain("\n");
        }
    }
}
