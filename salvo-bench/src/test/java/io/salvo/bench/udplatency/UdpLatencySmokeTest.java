package io.salvo.bench.udplatency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.bench.BenchMain;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.tcp.Flavour;
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

/**
 * {@code salvo-bench udp-latency} end to end with tiny runs: every system runs every cell once
 * (each client checks every echo byte for byte and throws otherwise), the numbers are sane and
 * ordered, and the table, the targets and the JSON agree with the results. No timing assertions.
 * The C row needs gcc and the sockperf row sockperf; without them those rows are skipped, as the
 * command does.
 */
class UdpLatencySmokeTest {

    private static final int COUNT = 2_000;

    @Test
    void everySystemRunsEveryCellWithCheckedEchoesAndSaneNumbers(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(1, 200, COUNT, 2, List.of(64, 1200), Settings.ALL_SYSTEMS,
                List.of(Flavour.SPIN, Flavour.BLOCK));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> skipped = new ArrayList<>();
        List<LatencySystem> systems = UdpLatencyCommand.open(settings.systems(), skipped, log);
        assertThat(systems).extracting(LatencySystem::name).contains("salvo", "jdk-nio", "netty-epoll");
        assertThat(skipped).allMatch(s -> s.startsWith("c: ") || s.startsWith("sockperf: "),
                "only the C and sockperf rows may be skipped (no gcc, no sockperf)");

        List<Summary> rows = new UdpLatencyBenchmark(settings, systems, log).run();

        assertThat(rows).hasSize(systems.size() * 2 * 2);
        for (Summary s : rows) {
            LatencyRun run = s.runs().getFirst();
            String row = s.system() + "/" + s.flavour().label() + " " + s.size() + " B";
            if (s.kind() == LatencySystem.Kind.REFERENCE) {
                assertThat(run.samples()).as(row).isPositive(); // sockperf runs for its time, not our count
            } else {
                assertThat(run.samples()).as(row).isBetween(1L, (long) COUNT);
            }
            assertThat(run.p50Micros()).as(row).isGreaterThan(0.5).isLessThan(1e6);
            assertThat(run.p99Micros()).as(row).isGreaterThanOrEqualTo(run.p50Micros());
            assertThat(run.p999Micros()).as(row).isGreaterThanOrEqualTo(run.p99Micros());
            assertThat(run.maxMicros()).as(row).isGreaterThanOrEqualTo(run.p999Micros());
            assertThat(run.roundTripsPerSecond()).as(row).isPositive().isLessThan(2e6);
            assertThat(s.p50Micros().median()).as(row).isEqualTo(run.p50Micros()); // one round: the median is the run
        }

        List<Target> targets = Target.check(rows);
        // per size: salvo vs nio and netty (p50, p99) in two flavours, and vs C (p50, p99) when C ran
        int perSize = 2 * 2 * 2 + (systems.stream().anyMatch(s -> s.name().equals("c")) ? 2 : 0);
        assertThat(targets).hasSize(2 * perSize);
        Report.table(rows, settings.rounds(), log);
        Report.targets(targets, log);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("UDP ping-pong, 64 B", "UDP ping-pong, 1200 B",
                "issue #12 targets (medians of this run)");

        Path json = dir.resolve("out/udp-latency.json");
        UdpLatencyJson.write(json, settings, rows, targets, skipped);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("pingPong")).hasSize(rows.size());
        assertThat(root.path("targets")).hasSize(targets.size());
        assertThat(root.path("skipped")).hasSize(skipped.size());
        assertThat(root.path("settings").path("count").asInt()).isEqualTo(COUNT);
        for (int i = 0; i < rows.size(); i++) {
            Summary s = rows.get(i);
            JsonNode row = root.path("pingPong").get(i);
            assertThat(row.path("system").asText()).isEqualTo(s.system());
            assertThat(row.path("flavour").asText()).isEqualTo(s.flavour().label());
            assertThat(row.path("kind").asText()).isEqualTo(s.kind().label());
            assertThat(row.path("p50Micros").path("median").asDouble()).isEqualTo(s.p50Micros().median());
            if (s.kind() != LatencySystem.Kind.REFERENCE && s.kind() != LatencySystem.Kind.C && s.flavour() != null) {
                assertThat(row.path("bestPeerP50").asText()).isIn("jdk-nio", "netty-epoll");
            }
        }
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        for (String[] args : List.of(new String[] {"udp-latency", "--rounds", "0"}, new String[] {"udp-latency", "--sizes", "64,8"},
                new String[] {"udp-latency", "--systems", "c,quic"}, new String[] {"udp-latency", "--count", "many"},
                new String[] {"udp-latency", "--flavours", "nap"}, new String[] {"udp-latency", "--seconds", "0"})) {
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
