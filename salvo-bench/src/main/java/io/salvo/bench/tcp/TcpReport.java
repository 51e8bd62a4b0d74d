package io.salvo.bench.tcp;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.salvo.bench.tcp.SpreadFormat.human;
import static io.salvo.bench.tcp.SpreadFormat.micros;
import static io.salvo.bench.tcp.SpreadFormat.nanos;
import static io.salvo.bench.tcp.SpreadFormat.rate;
import static io.salvo.bench.tcp.SpreadFormat.times;

/**
 * The tables of a run: medians with their min–max ranges, ratios to C (the kernel's limit) and to
 * the best Java peer (the best non-Salvo Java system of the same flavour), then the targets.
 */
final class TcpReport {

    private TcpReport() {
    }

    /** A median over a reference median; null when there is no reference. */
    static Double ratio(Spread value, Optional<? extends Spread> reference) {
        return reference.filter(r -> r.median() > 0).map(r -> value.median() / r.median()).orElse(null);
    }

    /** C's row of the same flavour. */
    static Optional<PingPongSummary> cOf(List<PingPongSummary> all, PingPongSummary row) {
        return all.stream().filter(o -> o.kind() == TcpSystem.Kind.C && o.flavour() == row.flavour()).findFirst();
    }

    static Optional<OneWaySummary> cOf(List<OneWaySummary> all, OneWaySummary row) {
        return all.stream().filter(o -> o.kind() == TcpSystem.Kind.C && o.size() == row.size()).findFirst();
    }

    /** The Java peer of the same flavour (of any flavour when none runs this one) with the lowest median of {@code metric}. */
    static Optional<PingPongSummary> bestPeer(List<PingPongSummary> all, PingPongSummary row,
                                              Function<PingPongSummary, Spread> metric) {
        Predicate<PingPongSummary> peer = o -> o.kind() == TcpSystem.Kind.JAVA_PEER;
        List<PingPongSummary> candidates = all.stream().filter(peer.and(o -> o.flavour() == row.flavour())).toList();
        if (candidates.isEmpty()) {
            candidates = all.stream().filter(peer).toList();
        }
        return candidates.stream().min(Comparator.comparingDouble(o -> metric.apply(o).median()));
    }

    /** The Java peer at the same size with the best median of {@code metric} (the highest, or the lowest). */
    static Optional<OneWaySummary> bestPeer(List<OneWaySummary> all, OneWaySummary row,
                                            Function<OneWaySummary, Spread> metric, boolean highest) {
        Comparator<OneWaySummary> c = Comparator.comparingDouble(o -> metric.apply(o).median());
        return all.stream().filter(o -> o.kind() == TcpSystem.Kind.JAVA_PEER && o.size() == row.size())
                .max(highest ? c : c.reversed());
    }

    static void pingPongTable(List<PingPongSummary> rows, int rounds, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "ping-pong, %d B payload + 4 B length: round trip in us, median [min-max] of %d rounds; "
                + "ratios: lower is better (rt/s: higher)%n", rows.getFirst().size(), rounds);
        out.printf(Locale.ROOT, "%-12s %-6s %-18s %-18s %-20s %-22s %-22s %8s %8s %9s %20s %9s%n", "system", "flavour", "p50",
                "p99", "p99.9", "max", "round trips/s", "p50/C", "p99/C", "rt/s / C", "p50/best peer", "p99/peer");
        for (PingPongSummary s : rows) {
            Optional<PingPongSummary> c = cOf(rows, s);
            Optional<PingPongSummary> bestP50 = bestPeer(rows, s, PingPongSummary::p50Micros);
            Optional<PingPongSummary> bestP99 = bestPeer(rows, s, PingPongSummary::p99Micros);
            out.printf(Locale.ROOT, "%-12s %-6s %-18s %-18s %-20s %-22s %-22s %8s %8s %9s %20s %9s%n", s.system(),
                    s.flavour().label(), micros(s.p50Micros()), micros(s.p99Micros()), micros(s.p999Micros()),
                    micros(s.maxMicros()), rate(s.roundTripsPerSecond()),
                    times(ratio(s.p50Micros(), c.map(PingPongSummary::p50Micros))),
                    times(ratio(s.p99Micros(), c.map(PingPongSummary::p99Micros))),
                    times(ratio(s.roundTripsPerSecond(), c.map(PingPongSummary::roundTripsPerSecond))),
                    times(ratio(s.p50Micros(), bestP50.map(PingPongSummary::p50Micros)))
                            + bestP50.map(b -> " " + b.system() + "/" + b.flavour().label()).orElse(""),
                    times(ratio(s.p99Micros(), bestP99.map(PingPongSummary::p99Micros))));
        }
    }

    static void oneWayTable(List<OneWaySummary> rows, int rounds, double seconds, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "one-way streaming: messages/s and CPU ns per message of the receiving thread, "
                + "median [min-max] of %d rounds of %.1f s%n", rounds, seconds);
        out.printf(Locale.ROOT, "%-7s %-12s %-26s %-22s %8s %8s %18s %12s%n", "size", "system", "messages/s", "rx CPU ns/msg",
                "msg/s/C", "CPU/C", "msg/s / best peer", "CPU / peer");
        for (OneWaySummary s : rows) {
            Optional<OneWaySummary> c = cOf(rows, s);
            Optional<OneWaySummary> fastest = bestPeer(rows, s, OneWaySummary::messagesPerSecond, true);
            Optional<OneWaySummary> leanest = bestPeer(rows, s, OneWaySummary::cpuNanosPerMessage, false);
            out.printf(Locale.ROOT, "%-7s %-12s %-26s %-22s %8s %8s %18s %12s%n", s.size() + " B", s.system(),
                    rate(s.messagesPerSecond()), nanos(s.cpuNanosPerMessage()),
                    times(ratio(s.messagesPerSecond(), c.map(OneWaySummary::messagesPerSecond))),
                    times(ratio(s.cpuNanosPerMessage(), c.map(OneWaySummary::cpuNanosPerMessage))),
                    times(ratio(s.messagesPerSecond(), fastest.map(OneWaySummary::messagesPerSecond))),
                    times(ratio(s.cpuNanosPerMessage(), leanest.map(OneWaySummary::cpuNanosPerMessage))));
        }
    }

    static void targets(List<Target> targets, PrintStream out) {
        if (targets.isEmpty()) {
            return;
        }
        out.println();
        out.println("targets (medians of this run):");
        for (Target t : targets) {
            out.printf(Locale.ROOT, "  %-58s %6.2fx  (target %s %.2fx)  %s%n", t.name(), t.value(), t.atMost() ? "<=" : ">=",
                    t.limit(), t.met() ? "met" : "MISSED");
        }
    }
}
