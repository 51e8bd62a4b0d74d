package io.salvo.bench.udplatency;

import io.salvo.bench.tcp.Spread;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import static io.salvo.bench.tcp.SpreadFormat.micros;
import static io.salvo.bench.tcp.SpreadFormat.rate;
import static io.salvo.bench.tcp.SpreadFormat.times;

/**
 * The table of a run, one block per size: medians with min–max over the rounds, differences and
 * ratios to C of the same flavour (the kernel's limit; #12's targets are differences), ratios to
 * the best Java peer of the same flavour; then the targets.
 */
final class Report {

    private Report() {
    }

    /** C's row of the same flavour and size. */
    static Optional<Summary> cOf(List<Summary> all, Summary row) {
        return all.stream().filter(o -> o.kind() == LatencySystem.Kind.C && o.flavour() == row.flavour() && o.size() == row.size())
                .findFirst();
    }

    /** The Java peer of the same flavour and size with the lowest median of {@code metric}. */
    static Optional<Summary> bestPeer(List<Summary> all, Summary row, Function<Summary, Spread> metric) {
        return all.stream().filter(o -> o.kind() == LatencySystem.Kind.JAVA_PEER && o.flavour() == row.flavour()
                && o.size() == row.size()).min(Comparator.comparingDouble(o -> metric.apply(o).median()));
    }

    /** A median over a reference median; null when there is none. */
    static Double ratio(Spread value, Optional<Spread> reference) {
        return reference.filter(r -> r.median() > 0).map(r -> value.median() / r.median()).orElse(null);
    }

    /** A median minus a reference median in microseconds; null when there is none. */
    static Double minus(Spread value, Optional<Spread> reference) {
        return reference.map(r -> value.median() - r.median()).orElse(null);
    }

    static void table(List<Summary> rows, int rounds, PrintStream out) {
        for (int size : rows.stream().map(Summary::size).distinct().toList()) {
            List<Summary> block = rows.stream().filter(r -> r.size() == size).toList();
            out.println();
            out.printf(Locale.ROOT, "UDP ping-pong, %d B, one datagram in flight: round trip in us, median [min-max] of %d rounds%n",
                    size, rounds);
            String format = "%-12s %-6s %-18s %-18s %-20s %-20s %-22s %8s %8s %8s %24s %9s%n";
            out.printf(Locale.ROOT, format, "system", "flavour", "p50", "p99", "p99.9", "max", "round trips/s", "p50-C",
                    "p99-C", "p50/C", "p50/best peer", "p99/peer");
            for (Summary s : block) {
                Optional<Summary> c = cOf(rows, s);
                Optional<Summary> bestP50 = bestPeer(rows, s, Summary::p50Micros);
                Optional<Summary> bestP99 = bestPeer(rows, s, Summary::p99Micros);
                out.printf(Locale.ROOT, format, s.system(), s.flavour().label(), micros(s.p50Micros()), micros(s.p99Micros()),
                        micros(s.p999Micros()), micros(s.maxMicros()), rate(s.roundTripsPerSecond()),
                        signed(minus(s.p50Micros(), c.map(Summary::p50Micros))),
                        signed(minus(s.p99Micros(), c.map(Summary::p99Micros))),
                        times(ratio(s.p50Micros(), c.map(Summary::p50Micros))),
                        times(ratio(s.p50Micros(), bestP50.map(Summary::p50Micros))) + bestP50.map(b -> " " + b.system()).orElse(""),
                        times(ratio(s.p99Micros(), bestP99.map(Summary::p99Micros))));
            }
        }
    }

    static void targets(List<Target> targets, PrintStream out) {
        if (targets.isEmpty()) {
            return;
        }
        out.println();
        out.println("issue #12 targets (medians of this run):");
        for (Target t : targets) {
            String value = t.unit().equals("us") ? String.format(Locale.ROOT, "%+.2f us", t.value())
                    : String.format(Locale.ROOT, "%.2fx", t.value());
            String limit = t.unit().equals("us") ? String.format(Locale.ROOT, "+%.1f us", t.limit())
                    : String.format(Locale.ROOT, "%.2fx", t.limit());
            out.printf(Locale.ROOT, "  %-40s %10s  (target <= %s)  %s%n", t.name(), value, limit, t.met() ? "met" : "MISSED");
        }
    }

    private static String signed(Double micros) {
        return micros == null ? "-" : String.format(Locale.ROOT, "%+.1f", micros);
    }
}
