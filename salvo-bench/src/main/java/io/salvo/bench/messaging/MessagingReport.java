package io.salvo.bench.messaging;

import io.salvo.bench.tcp.Spread;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.salvo.bench.tcp.SpreadFormat.human;
import static io.salvo.bench.tcp.SpreadFormat.micros;
import static io.salvo.bench.tcp.SpreadFormat.nanos;
import static io.salvo.bench.tcp.SpreadFormat.rate;
import static io.salvo.bench.tcp.SpreadFormat.times;

/**
 * The tables of a run: medians with their min–max ranges over the rounds, each Salvo row's ratios
 * to its Netty row, then the targets.
 */
final class MessagingReport {

    private MessagingReport() {
    }

    /** A median over a reference median; null when there is no reference. */
    static Double ratio(Spread value, Optional<Spread> reference) {
        return reference.filter(r -> r.median() > 0).map(r -> value.median() / r.median()).orElse(null);
    }

    static void roundTripTable(MessagingResults r, int rounds, PrintStream out) {
        if (r.roundTrips().isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "round trips: a 64 B order, a 24 B ack, 4 B lengths; microseconds, median [min-max] of %d rounds; "
                + "salvo rows over netty-epoll's (spin vs spin, poller and block vs poller): lower is better, rt/s higher%n", rounds);
        out.printf(Locale.ROOT, "%-12s %-7s %-18s %-18s %-20s %-20s %-22s %9s %9s %9s %9s%n", "system", "mode", "p50", "p99",
                "p99.9", "max", "round trips/s", "p50/N", "p99/N", "p99.9/N", "rt/s / N");
        for (MessagingResults.RoundTrips s : r.roundTrips()) {
            Optional<MessagingResults.RoundTrips> n = s.system().equals("salvo") ? r.nettyPeer(s.mode()) : Optional.empty();
            out.printf(Locale.ROOT, "%-12s %-7s %-18s %-18s %-20s %-20s %-22s %9s %9s %9s %9s%n", s.system(), s.mode().label(),
                    micros(s.p50Micros()), micros(s.p99Micros()), micros(s.p999Micros()), micros(s.maxMicros()),
                    rate(s.roundTripsPerSecond()),
                    times(ratio(s.p50Micros(), n.map(MessagingResults.RoundTrips::p50Micros))),
                    times(ratio(s.p99Micros(), n.map(MessagingResults.RoundTrips::p99Micros))),
                    times(ratio(s.p999Micros(), n.map(MessagingResults.RoundTrips::p999Micros))),
                    times(ratio(s.roundTripsPerSecond(), n.map(MessagingResults.RoundTrips::roundTripsPerSecond))));
        }
    }

    static void oneWayTable(MessagingResults r, int rounds, double seconds, PrintStream out) {
        if (r.oneWay().isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "one-way: 64 B orders streamed to a callback server; messages/s and the receiving thread's CPU ns "
                + "per message, median [min-max] of %d rounds of %.1f s%n", rounds, seconds);
        out.printf(Locale.ROOT, "%-12s %-26s %-22s %12s %12s%n", "system", "messages/s", "rx CPU ns/msg", "msg/s / N", "CPU / N");
        Optional<MessagingResults.OneWay> netty = r.oneWay("netty-epoll");
        for (MessagingResults.OneWay s : r.oneWay()) {
            Optional<MessagingResults.OneWay> n = s.system().equals("salvo") ? netty : Optional.empty();
            out.printf(Locale.ROOT, "%-12s %-26s %-22s %12s %12s%n", s.system(), rate(s.messagesPerSecond()),
                    nanos(s.cpuNanosPerMessage()),
                    times(ratio(s.messagesPerSecond(), n.map(MessagingResults.OneWay::messagesPerSecond))),
                    times(ratio(s.cpuNanosPerMessage(), n.map(MessagingResults.OneWay::cpuNanosPerMessage))));
        }
    }

    static void targets(List<MessagingTarget> targets, PrintStream out) {
        if (targets.isEmpty()) {
            return;
        }
        out.println();
        out.println("targets of issue #10 (medians of this run):");
        for (MessagingTarget t : targets) {
            out.printf(Locale.ROOT, "  %-58s %6.2fx  (target %s %.2fx)  %s%n", t.name(), t.value(), t.atMost() ? "<=" : ">=",
                    t.limit(), t.met() ? "met" : "MISSED");
        }
    }
}
