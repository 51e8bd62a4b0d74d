package io.salvo.bench.tcp;

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
 * The run as JSON (Jackson): settings, machine, every row with its medians, ranges, ratios and raw
 * runs, the targets, and the systems that were skipped.
 */
final class TcpJson {

    private static final ObjectMapper MAPPER = BenchJson.MAPPER;

    private TcpJson() {
    }

    static void write(Path file, Settings settings, TcpBenchmark.Results r, List<Target> targets, List<String> skipped)
            throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "salvo-bench tcp");
        root.put("date", OffsetDateTime.now().toString());
        root.set("machine", machine());
        root.set("settings", MAPPER.valueToTree(settings));
        ArrayNode ping = root.putArray("pingPong");
        for (PingPongSummary s : r.pingPong()) {
            ObjectNode row = MAPPER.valueToTree(s);
            Optional<PingPongSummary> c = TcpReport.cOf(r.pingPong(), s);
            Optional<PingPongSummary> bestP50 = TcpReport.bestPeer(r.pingPong(), s, PingPongSummary::p50Micros);
            Optional<PingPongSummary> bestP99 = TcpReport.bestPeer(r.pingPong(), s, PingPongSummary::p99Micros);
            row.put("p50VsC", TcpReport.ratio(s.p50Micros(), c.map(PingPongSummary::p50Micros)));
            row.put("p99VsC", TcpReport.ratio(s.p99Micros(), c.map(PingPongSummary::p99Micros)));
            row.put("roundTripsPerSecondVsC", TcpReport.ratio(s.roundTripsPerSecond(), c.map(PingPongSummary::roundTripsPerSecond)));
            row.put("bestPeerP50", bestP50.map(b -> b.system() + "/" + b.flavour().label()).orElse(null));
            row.put("p50VsBestPeer", TcpReport.ratio(s.p50Micros(), bestP50.map(PingPongSummary::p50Micros)));
            row.put("bestPeerP99", bestP99.map(b -> b.system() + "/" + b.flavour().label()).orElse(null));
            row.put("p99VsBestPeer", TcpReport.ratio(s.p99Micros(), bestP99.map(PingPongSummary::p99Micros)));
            ping.add(row);
        }
        ArrayNode oneWay = root.putArray("oneWay");
        for (OneWaySummary s : r.oneWay()) {
            ObjectNode row = MAPPER.valueToTree(s);
            Optional<OneWaySummary> c = TcpReport.cOf(r.oneWay(), s);
            Optional<OneWaySummary> fastest = TcpReport.bestPeer(r.oneWay(), s, OneWaySummary::messagesPerSecond, true);
            Optional<OneWaySummary> leanest = TcpReport.bestPeer(r.oneWay(), s, OneWaySummary::cpuNanosPerMessage, false);
            row.put("messagesPerSecondVsC", TcpReport.ratio(s.messagesPerSecond(), c.map(OneWaySummary::messagesPerSecond)));
            row.put("cpuPerMessageVsC", TcpReport.ratio(s.cpuNanosPerMessage(), c.map(OneWaySummary::cpuNanosPerMessage)));
            row.put("bestPeerMessagesPerSecond", fastest.map(OneWaySummary::system).orElse(null));
            row.put("messagesPerSecondVsBestPeer", TcpReport.ratio(s.messagesPerSecond(), fastest.map(OneWaySummary::messagesPerSecond)));
            row.put("bestPeerCpuPerMessage", leanest.map(OneWaySummary::system).orElse(null));
            row.put("cpuPerMessageVsBestPeer", TcpReport.ratio(s.cpuNanosPerMessage(), leanest.map(OneWaySummary::cpuNanosPerMessage)));
            oneWay.add(row);
        }
        root.set("targets", MAPPER.valueToTree(targets));
        root.set("skipped", MAPPER.valueToTree(skipped));
        BenchJson.write(file, root);
    }

    private static ObjectNode machine() {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }
}
