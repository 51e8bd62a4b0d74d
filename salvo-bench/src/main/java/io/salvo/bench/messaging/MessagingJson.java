package io.salvo.bench.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.bench.BenchJson;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The run as JSON (Jackson): settings, machine, every row with medians, ranges, ratios and raw runs, the targets. */
final class MessagingJson {

    private static final ObjectMapper MAPPER = BenchJson.MAPPER;

    private MessagingJson() {
    }

    static void write(Path file, MessagingSettings settings, MessagingResults r, List<MessagingTarget> targets,
                      List<String> skipped) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "salvo-bench messaging");
        root.put("date", OffsetDateTime.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        root.set("settings", MAPPER.valueToTree(settings));
        ArrayNode trips = root.putArray("roundTrips");
        for (MessagingResults.RoundTrips s : r.roundTrips()) {
            ObjectNode row = MAPPER.valueToTree(s);
            Optional<MessagingResults.RoundTrips> n = s.system().equals("salvo") ? r.nettyPeer(s.mode()) : Optional.empty();
            row.put("nettyRow", n.map(x -> x.system() + "/" + x.mode().label()).orElse(null));
            row.put("p50VsNetty", MessagingReport.ratio(s.p50Micros(), n.map(MessagingResults.RoundTrips::p50Micros)));
            row.put("p99VsNetty", MessagingReport.ratio(s.p99Micros(), n.map(MessagingResults.RoundTrips::p99Micros)));
            row.put("p999VsNetty", MessagingReport.ratio(s.p999Micros(), n.map(MessagingResults.RoundTrips::p999Micros)));
            row.put("roundTripsPerSecondVsNetty", MessagingReport.ratio(s.roundTripsPerSecond(),
                    n.map(MessagingResults.RoundTrips::roundTripsPerSecond)));
            trips.add(row);
        }
        ArrayNode oneWay = root.putArray("oneWay");
        Optional<MessagingResults.OneWay> netty = r.oneWay("netty-epoll");
        for (MessagingResults.OneWay s : r.oneWay()) {
            ObjectNode row = MAPPER.valueToTree(s);
            Optional<MessagingResults.OneWay> n = s.system().equals("salvo") ? netty : Optional.empty();
            row.put("messagesPerSecondVsNetty", MessagingReport.ratio(s.messagesPerSecond(),
                    n.map(MessagingResults.OneWay::messagesPerSecond)));
            row.put("cpuPerMessageVsNetty", MessagingReport.ratio(s.cpuNanosPerMessage(),
                    n.map(MessagingResults.OneWay::cpuNanosPerMessage)));
            oneWay.add(row);
        }
        root.set("targets", MAPPER.valueToTree(targets));
        root.set("skipped", MAPPER.valueToTree(skipped));
        BenchJson.write(file, root);
    }
}
