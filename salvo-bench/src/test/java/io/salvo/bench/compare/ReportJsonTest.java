package io.salvo.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** comparison.json reads back to the very numbers measured; what could not be measured is null. */
class ReportJsonTest {

    @Test
    void numbersReadBackExactlyAndUnmeasuredFiguresAreNull(@TempDir Path dir) throws Exception {
        Cell cell = new Cell(1200, false);
        RunResult run = new RunResult("salvo", cell, 248_120.0, 1e7, Double.NaN, 0.000123456789);
        Summary s = Summary.of("salvo", cell, List.of(run));

        JsonNode doc = new ObjectMapper().readTree(Report.writeJson(List.of(s), dir).toFile());

        JsonNode row = doc.get("results").get(0);
        assertThat(row.get("cell").asText()).isEqualTo("1200 B");
        assertThat(row.get("received_pps_median").doubleValue()).isEqualTo(248_120.0);
        assertThat(row.get("receiver_cpu_ns_per_datagram_median").isNull()).isTrue();
        JsonNode raw = row.get("raw").get(0);
        assertThat(raw.get("sent_pps").doubleValue()).isEqualTo(1e7);
        assertThat(raw.get("receiver_cpu_ns_per_datagram").isNull()).isTrue();
        assertThat(raw.get("allocated_bytes_per_datagram").doubleValue()).isEqualTo(0.000123456789);
        assertThat(doc.get("machine").asText()).contains("CPUs");
    }
}
