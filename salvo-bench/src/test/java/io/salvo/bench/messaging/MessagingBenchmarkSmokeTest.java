package io.salvo.bench.messaging;

import io.salvo.bench.LatencyRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.bench.BenchMain;
import io.salvo.bench.tcp.OneWayRun;
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
 * {@code salvo-bench messaging} end to end with tiny runs, so it cannot rot: every system runs
 * every cell once, every ack answers its order (the clients check each one and throw otherwise),
 * every one-way order arrives in sequence (the servers check and throw otherwise), the numbers are
 * sane, and the tables and the JSON appear. No timing is asserted.
 */
class MessagingBenchmarkSmokeTest {

    private static final int COUNT = 2_000;

    @Test
    void everySystemRunsEveryCellWithCheckedAnswersAndSaneNumbers(@TempDir Path dir) throws Exception {
        MessagingSettings settings = new MessagingSettings(1, 200, COUNT, 10, 0.1, 0.3, MessagingSettings.ALL_SYSTEMS,
                List.of(Mode.SPIN, Mode.POLLER, Mode.BLOCK));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> skipped = new ArrayList<>();
        List<MessagingSystem> systems = MessagingCommand.open(settings.systems(), skipped, log);
        assertThat(systems).extracting(MessagingSystem::name).containsExactly("salvo", "netty-epoll");

        MessagingResults r = new MessagingBenchmark(settings, systems, log).run();

        assertThat(r.roundTrips()).extracting(t -> t.system() + "/" + t.mode().label())
                .containsExactly("salvo/spin", "salvo/poller", "salvo/block", "netty-epoll/spin", "netty-epoll/poller");
        for (MessagingResults.RoundTrips t : r.roundTrips()) {
            LatencyRun run = t.runs().getFirst();
            String row = t.system() + "/" + t.mode().label();
            assertThat(run.samples()).as(row).isBetween(1L, (long) COUNT);
            assertThat(run.p50Micros()).as(row).isGreaterThan(0.5).isLessThan(1e6);
            assertThat(run.p99Micros()).as(row).isGreaterThanOrEqualTo(run.p50Micros());
            assertThat(run.p999Micros()).as(row).isGreaterThanOrEqualTo(run.p99Micros());
            assertThat(run.maxMicros()).as(row).isGreaterThanOrEqualTo(run.p999Micros());
            assertThat(run.roundTripsPerSecond()).as(row).isPositive().isLessThan(2e6);
        }
        assertThat(r.oneWay()).hasSize(2);
        for (MessagingResults.OneWay s : r.oneWay()) {
            OneWayRun run = s.runs().getFirst();
            assertThat(run.messages()).as(s.system()).isPositive();
            assertThat(run.cpuNanosPerMessage()).as(s.system()).isPositive().isLessThan(1e6);
            assertThat(run.messagesPerSecond() * BenchMessage.ORDER_SIZE).as(s.system()).isLessThan(100e9);
        }

        List<MessagingTarget> targets = MessagingTarget.check(r);
        assertThat(targets).extracting(MessagingTarget::name).hasSize(4);
        MessagingReport.roundTripTable(r, settings.rounds(), log);
        MessagingReport.oneWayTable(r, settings.rounds(), settings.seconds(), log);
        MessagingReport.targets(targets, log);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("round trips: a 64 B order", "one-way: 64 B orders",
                "targets of issue #10");

        Path json = dir.resolve("out/messaging.json");
        MessagingJson.write(json, settings, r, targets, skipped);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("roundTrips")).hasSize(5);
        assertThat(root.path("oneWay")).hasSize(2);
        JsonNode salvoBlock = root.path("roundTrips").get(2);
        assertThat(salvoBlock.path("mode").asText()).isEqualTo("block");
        assertThat(salvoBlock.path("nettyRow").asText()).isEqualTo("netty-epoll/poller");
        assertThat(salvoBlock.path("p99VsNetty").asDouble()).isPositive();
        assertThat(root.path("settings").path("count").asInt()).isEqualTo(COUNT);
        assertThat(root.path("targets")).hasSize(4);
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        for (String[] args : List.of(new String[] {"messaging", "--rounds", "0"}, new String[] {"messaging", "--systems", "salvo,zmq"},
                new String[] {"messaging", "--count", "many"}, new String[] {"messaging", "--modes", "nap"})) {
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
