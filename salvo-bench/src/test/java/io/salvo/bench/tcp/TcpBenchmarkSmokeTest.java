package io.salvo.bench.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.bench.BenchMain;
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
 * {@code salvo-bench tcp} end to end with tiny runs: every system runs every cell once, every echo
 * returns exactly the request (the clients compare each reply byte for byte and throw otherwise),
 * every one-way frame arrives whole and in sequence (the receivers check and throw otherwise), the
 * numbers are sane, and the tables and the JSON appear. The C row needs gcc; without it the row is
 * skipped, as the command does.
 */
class TcpBenchmarkSmokeTest {

    private static final int COUNT = 2_000;

    @Test
    void everySystemRunsEveryCellWithIntactFramesAndSaneNumbers(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(1, 200, COUNT, 64, 5, List.of(64, 1024), 0.1, 0.3, Settings.ALL_SYSTEMS,
                List.of(Flavour.SPIN, Flavour.BLOCK));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> skipped = new ArrayList<>();
        List<TcpSystem> systems = TcpCommand.open(settings.systems(), skipped, log);
        assertThat(systems).extracting(TcpSystem::name).contains("salvo", "jdk-nio", "netty-epoll");
        assertThat(skipped).allMatch(s -> s.startsWith("c: "), "only the C row may be skipped (no gcc)");

        TcpBenchmark.Results r = new TcpBenchmark(settings, systems, log).run();

        assertThat(r.pingPong()).hasSize(systems.stream().mapToInt(s -> s.flavours().size()).sum());
        for (PingPongSummary s : r.pingPong()) {
            PingPongRun run = s.runs().getFirst();
            String row = s.system() + "/" + s.flavour().label();
            assertThat(run.samples()).as(row).isBetween(1, COUNT);
            assertThat(run.p50Micros()).as(row).isGreaterThan(0.5).isLessThan(1e6);
            assertThat(run.p99Micros()).as(row).isGreaterThanOrEqualTo(run.p50Micros());
            assertThat(run.p999Micros()).as(row).isGreaterThanOrEqualTo(run.p99Micros());
            assertThat(run.maxMicros()).as(row).isGreaterThanOrEqualTo(run.p999Micros());
            assertThat(run.roundTripsPerSecond()).as(row).isPositive().isLessThan(2e6);
        }
        assertThat(r.oneWay()).hasSize(systems.size() * 2);
        for (OneWaySummary s : r.oneWay()) {
            OneWayRun run = s.runs().getFirst();
            String row = s.system() + " " + s.size() + " B";
            assertThat(run.messages()).as(row).isPositive();
            assertThat(run.elapsedNanos()).as(row).isGreaterThan(200_000_000L);
            assertThat(run.cpuNanosPerMessage()).as(row).isPositive().isLessThan(1e6);
            // loopback moves well under 100 GB/s on any machine this runs on
            assertThat(run.messagesPerSecond() * s.size()).as(row).isLessThan(100e9);
        }

        List<Target> targets = Target.check(r);
        assertThat(targets).isNotEmpty();
        TcpReport.pingPongTable(r.pingPong(), settings.rounds(), log);
        TcpReport.oneWayTable(r.oneWay(), settings.rounds(), settings.seconds(), log);
        TcpReport.targets(targets, log);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("ping-pong, 64 B payload", "one-way streaming",
                "targets (medians of this run)");

        Path json = dir.resolve("out/tcp.json");
        TcpJson.write(json, settings, r, targets, skipped);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("pingPong")).hasSize(r.pingPong().size());
        assertThat(root.path("oneWay")).hasSize(r.oneWay().size());
        JsonNode salvoSpin = root.path("pingPong").get(r.pingPong().indexOf(r.pingPong().stream()
                .filter(s -> s.system().equals("salvo") && s.flavour() == Flavour.SPIN).findFirst().orElseThrow()));
        assertThat(salvoSpin.path("flavour").asText()).isEqualTo("spin");
        assertThat(salvoSpin.path("kind").asText()).isEqualTo("salvo");
        assertThat(salvoSpin.path("p50Micros").path("median").asDouble()).isPositive();
        assertThat(salvoSpin.path("bestPeerP50").asText()).isEqualTo("netty-epoll/spin");
        assertThat(root.path("settings").path("count").asInt()).isEqualTo(COUNT);
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        for (String[] args : List.of(new String[] {"tcp", "--rounds", "0"}, new String[] {"tcp", "--sizes", "64,4"},
                new String[] {"tcp", "--systems", "c,quic"}, new String[] {"tcp", "--count", "many"},
                new String[] {"tcp", "--flavours", "nap"})) {
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
