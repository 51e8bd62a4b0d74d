package io.salvo.bench.poller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.bench.BenchJson;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/** The run as JSON (Jackson): settings, machine, descriptor limit, every row with its derived numbers, the targets. */
final class PollerJson {

    private static final ObjectMapper MAPPER = BenchJson.MAPPER;

    private PollerJson() {
    }

    static void write(Path file, PollerSettings settings, FileLimit.Outcome limit, List<String> notes,
                      List<SizeResult> rows, List<PollerTarget> targets) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "salvo-bench poller");
        root.put("date", OffsetDateTime.now().toString());
        root.set("machine", machine());
        ObjectNode s = MAPPER.valueToTree(settings);
        s.set("pollers", MAPPER.valueToTree(settings.pollers().stream().map(k -> k.label).toList()));
        root.set("settings", s);
        ObjectNode fd = root.putObject("fileLimit");
        fd.put("soft", limit.soft());
        fd.put("hard", limit.hard());
        fd.put("note", limit.note());
        root.set("notes", MAPPER.valueToTree(notes));
        ArrayNode out = root.putArray("results");
        for (SizeResult r : rows) {
            ObjectNode row = MAPPER.createObjectNode();
            row.put("poller", r.poller());
            row.put("sockets", r.sockets());
            row.put("loopbackAddresses", r.addresses());
            row.put("openNanosPerSocket", r.openNanosPerSocket());
            row.set("registrationNanos", MAPPER.valueToTree(r.registrations()));
            row.put("registrationNanosPerSocket", r.registrationNanosPerSocket());
            row.put("registrationCallerCpuNanos", r.registrationCallerCpuNanos());
            row.put("registrationPollerCpuNanos", r.registrationPollerCpuNanos());
            row.put("registrationCpuNanosPerSocket", r.registrationCpuNanosPerSocket());
            row.set("unregistrationNanos", MAPPER.valueToTree(r.unregistrations()));
            row.put("unregistrationNanosPerSocket", r.unregistrationNanosPerSocket());
            row.put("idleCpuNanos", r.idleCpuNanos());
            row.put("idleNanos", r.idleNanos());
            row.put("idleCpuMillisPerSecond", r.idleCpuMillisPerSecond());
            row.set("trafficAllSockets", traffic(r.spread()));
            row.set("trafficHot", traffic(r.hot()));
            row.put("closeNanos", r.closeNanos());
            out.add(row);
        }
        root.set("targets", MAPPER.valueToTree(targets));
        BenchJson.write(file, root);
    }

    private static ObjectNode traffic(TrafficResult t) {
        ObjectNode n = MAPPER.valueToTree(t);
        n.put("cpuNanosPerDatagram", t.cpuNanosPerDatagram());
        n.put("overallCpuNanosPerDatagram", t.overallCpuNanosPerDatagram());
        n.put("datagramsPerReceive", t.datagramsPerCall());
        n.put("cpuNanosPerReceive", t.cpuNanosPerReceive());
        n.put("pollerCpuShare", t.pollerCpuShare());
        return n;
    }

    private static ObjectNode machine() {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }
}
