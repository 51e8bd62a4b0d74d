package io.salvo.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison harness end to end with tiny runs: every system moves data, and the table, JSON and SVG appear. */
class ComparisonSmokeTest {

    @Test
    void everySystemRunsAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<Summary> summaries = new Comparison(List.of(256), 1, 0.2, 0.3, out).run();
        assertThat(summaries).extracting(Summary::system)
                .contains("salvo", "salvo-mmsg-only", "jdk-nio", "netty-epoll");
        if (CProgram.binary() != null) { // gcc is there: the kernel's limit is a row of its own
            assertThat(summaries).extracting(Summary::system).contains("c");
        }
        assertThat(summaries).extracting(s -> s.cell().mode()).containsOnly(Cell.Mode.values());
        for (Summary s : summaries) {
            assertThat(s.medianPps()).as(s.system() + " " + s.cell().label()).isPositive();
            assertThat(s.medianCpuNs()).as(s.system() + " " + s.cell().label() + " receiver CPU").isPositive();
        }
        // Receiver-bound cells: every system that runs them is measured on the same feeder.
        assertThat(summaries.stream().filter(s -> s.cell().receiverBound()).map(Summary::system))
                .contains("salvo", "jdk-nio", "netty-epoll");
        Comparison.report(summaries, out, dir);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("pps vs best peer", "pps vs C", "targets (medians of this run)", "256 B rx-bound");
        assertThat(Files.readString(dir.resolve("comparison.json"))).contains("\"system\":\"netty-epoll\"", "\"raw\":[");
        assertThat(Files.readString(dir.resolve("comparison.svg"))).startsWith("<svg").contains("</svg>");
    }
}
