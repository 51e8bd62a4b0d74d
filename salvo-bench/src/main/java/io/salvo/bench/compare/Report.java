package io.salvo.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The comparison's table, its target checks, and its JSON file. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The C program's system name. */
    private static final String C = "c";

    private Report() {
    }

    static void table(List<Summary> summaries, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-16s %-16s %28s %22s %12s %14s %12s %10s %10s%n", "cell", "system",
                "received dgram/s median [min-max]", "rx CPU ns/dgram [range]", "alloc B/dgram", "pps vs best peer", "CPU vs best",
                "pps vs C", "CPU vs C");
        for (Summary s : summaries) {
            String vsBest = "";
            String cpuVsBest = "";
            Optional<Summary> c = find(summaries, C, s.cell());
            String vsC = c.map(b -> String.format(Locale.ROOT, "%.2fx", s.medianPps() / b.medianPps())).orElse("");
            String cpuVsC = c.map(b -> String.format(Locale.ROOT, "%.2fx", s.medianCpuNs() / b.medianCpuNs())).orElse("");
            if (s.system().startsWith("salvo")) {
                Optional<Summary> bestPps = peersOf(summaries, s).stream().max((a, b) -> Double.compare(a.medianPps(), b.medianPps()));
                Optional<Summary> bestCpu = peersOf(summaries, s).stream().min((a, b) -> Double.compare(a.medianCpuNs(), b.medianCpuNs()));
                vsBest = bestPps.map(b -> String.format(Locale.ROOT, "%.2fx %s", s.medianPps() / b.medianPps(), b.system())).orElse("");
                cpuVsBest = bestCpu.map(b -> String.format(Locale.ROOT, "%.2fx", s.medianCpuNs() / b.medianCpuNs())).orElse("");
            }
            out.printf(Locale.ROOT, "%-16s %-16s %12s [%s-%s] %10.0f [%.0f-%.0f] %12.2f %14s %12s %10s %10s%n",
                    s.cell().label(), s.system(), human(s.medianPps()), human(s.minPps()), human(s.maxPps()), s.medianCpuNs(),
                    s.minCpuNs(), s.maxCpuNs(), s.medianAlloc(), vsBest, cpuVsBest, vsC, cpuVsC);
        }
    }

    /** The targets of the native-UDP, offload and kernel-limit issues, checked against this run's medians. */
    static void targets(List<Summary> summaries, PrintStream out) {
        out.println();
        out.println("targets (medians of this run):");
        for (Summary s : summaries) {
            if (!s.system().startsWith("salvo")) {
                continue;
            }
            Optional<Summary> c = find(summaries, C, s.cell());
            if (c.isPresent() && s.system().equals("salvo")) {
                double pps = s.medianPps() / c.get().medianPps();
                double cpu = s.medianCpuNs() / c.get().medianCpuNs();
                boolean ppsTarget = s.cell().mode() != Cell.Mode.PLAIN; // receiver-bound and offload cells
                out.printf(Locale.ROOT, "  %-16s %-16s vs C: dgram/s %.2fx%s; receiver CPU %.2fx (target <= 1.3) %s%n",
                        s.cell().label(), s.system(), pps, ppsTarget ? " (target >= 0.95) " + mark(pps >= 0.95) : "",
                        cpu, mark(cpu <= 1.3));
                if (s.cell().offload()) {
                    double sent = s.medianSentPps() / c.get().medianSentPps();
                    out.printf(Locale.ROOT, "  %-16s %-16s GSO sender vs C: datagrams handed to the kernel/s %.2fx (target >= 0.95) %s%n",
                            s.cell().label(), s.system(), sent, mark(sent >= 0.95));
                }
            }
            if (s.cell().receiverBound()) {
                continue;
            }
            Optional<Summary> nio = find(summaries, "jdk-nio", new Cell(s.cell().size(), false));
            if (nio.isEmpty()) {
                continue;
            }
            double cpu = s.medianCpuNs() / nio.get().medianCpuNs();
            double pps = s.medianPps() / nio.get().medianPps();
            if (!s.cell().offload()) {
                double bestPeer = peersOf(summaries, s).stream().mapToDouble(Summary::medianPps).max().orElse(0);
                out.printf(Locale.ROOT, "  %-14s %-18s receiver CPU vs NIO %.2fx (target <= 0.8) %s; dgram/s vs best peer %.2fx (target >= 1) %s%n",
                        s.cell().label(), s.system(), cpu, mark(cpu <= 0.8), s.medianPps() / bestPeer, mark(s.medianPps() >= bestPeer));
            } else {
                out.printf(Locale.ROOT, "  %-14s %-18s dgram/s vs NIO %.1fx (target >= 10) %s; receiver CPU vs NIO %.2fx (target <= 0.2) %s%n",
                        s.cell().label(), s.system(), pps, mark(pps >= 10), cpu, mark(cpu <= 0.2));
            }
        }
    }

    private static String mark(boolean met) {
        return met ? "met" : "NOT met";
    }

    /** The other Java systems in the same cell: NIO and Netty (C is the limit, compared on its own). */
    private static List<Summary> peersOf(List<Summary> all, Summary s) {
        return all.stream().filter(o -> o.cell().equals(s.cell()) && !o.system().startsWith("salvo") && !o.system().equals(C))
                .toList();
    }

    private static Optional<Summary> find(List<Summary> all, String system, Cell cell) {
        return all.stream().filter(o -> o.system().equals(system) && o.cell().equals(cell)).findFirst();
    }

    static String human(double pps) {
        if (Double.isNaN(pps)) {
            return "n/a";
        }
        return pps >= 1e6 ? String.format(Locale.ROOT, "%.2fM", pps / 1e6) : String.format(Locale.ROOT, "%.0fk", pps / 1e3);
    }

    static Path writeJson(List<Summary> summaries, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Object> rows = new ArrayList<>();
        for (Summary s : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", s.cell().label());
            m.put("size", s.cell().size());
            m.put("offload", s.cell().offload());
            m.put("mode", s.cell().mode().name().toLowerCase(Locale.ROOT));
            m.put("system", s.system());
            m.put("runs", s.runs());
            m.put("received_pps_median", finiteOrNull(s.medianPps()));
            m.put("received_pps_min", finiteOrNull(s.minPps()));
            m.put("received_pps_max", finiteOrNull(s.maxPps()));
            m.put("receiver_cpu_ns_per_datagram_median", finiteOrNull(s.medianCpuNs()));
            m.put("allocated_bytes_per_datagram_median", finiteOrNull(s.medianAlloc()));
            List<Object> raw = new ArrayList<>();
            for (RunResult r : s.raw()) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("received_pps", finiteOrNull(r.receivedPps()));
                run.put("sent_pps", finiteOrNull(r.sentPps()));
                run.put("receiver_cpu_ns_per_datagram", finiteOrNull(r.receiverCpuNs()));
                run.put("allocated_bytes_per_datagram", finiteOrNull(r.allocatedPerDatagram()));
                raw.add(run);
            }
            m.put("raw", raw);
            rows.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("date", OffsetDateTime.now().toString());
        doc.put("machine", machine());
        doc.put("results", rows);
        Path file = dir.resolve("comparison.json");
        Files.writeString(file, JSON.writeValueAsString(doc) + "\n");
        return file;
    }

    /** A figure that could not be measured (NaN) is null: JSON has no NaN, and Jackson would write a string. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
