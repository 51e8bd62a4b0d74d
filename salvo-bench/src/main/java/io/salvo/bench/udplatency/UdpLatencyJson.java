package io.salvo.bench.udplatency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.bench.BenchJson;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The run as JSON: settings, machine, every cell with its medians, ranges, differences and ratios
 * and raw runs, the targets, and the systems that were skipped.
 */
final class UdpLatencyJson {

    private static final ObjectMapper MAPPER = BenchJson.MAPPER;

    private UdpLatencyJson() {
    }

    static void write(Path file, Settings settings, List<Summary> rows, List<Target> targets, List<String> skipped)
            throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "salvo-bench udp-latency");
        root.put("date", OffsetDateTime.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        root.set("settings", MAPPER.valueToTree(settings));
        ArrayNode cells = root.putArray("pingPong");
        for (Summary s : rows) {
            ObjectNode row = MAPPER.valueToTree(s);
            Optional<Summary> c = Report.cOf(rows, s);
            Optional<Summary> bestP50 = Report.bestPeer(rows, s, Summary::p50Micros);
            Optional<Summary> bestP99 = Report.bestPeer(rows, s, Summary::p99Micros);
            row.put("p50MinusCMicros", Report.minus(s.p50Micros(), c.map(Summary::p50Micros)));
            row.put("p99MinusCMicros", Report.minus(s.p99Micros(), c.map(Summary::p99Micros)));
            row.put("p50VsC", Report.ratio(s.p50Micros(), c.map(Summary::p50Micros)));
            row.put("p99VsC", Report.ratio(s.p99Micros(), c.map(Summary::p99Micros)));
            row.put("bestPeerP50", bestP50.map(Summary::system).orElse(null));
            row.put("p50VsBestPeer", Report.ratio(s.p50Micros(), bestP50.map(Summary::p50Micros)));
            row.put("bestPeerP99", bestP99.map(Summary::system).orElse(null));
            row.put("p99VsBestPeer", Report.ratio(s.p99Micros(), bestP99.map(Summary::p99Micros)));
            cells.add(row);
        }
        root.set("targets", MAPPER.valueToTree(targets));
        root.set("skipped", MAPPER.valueToTree(skipped));
        BenchJson.write(file, root);
    }
}
