package io.salvo.bench.poller;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table of a run and the targets. */
final class PollerReport {

    private PollerReport() {
    }

    static void table(List<SizeResult> rows, PollerSettings s, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "poller at scale: native UDP sockets on one poller; traffic %.1f s per pattern at %s datagrams/s, "
                        + "%d B, %d destinations per sendmmsg%n", s.trafficSeconds(),
                s.rate() == 0 ? "full speed" : String.format(Locale.ROOT, "%,d", s.rate()), s.payload(), s.burst());
        String format = "%-8s %9s %10s %9s %10s %10s %16s %16s %16s %9s%n";
        out.printf(Locale.ROOT, format, "poller", "sockets", "reg us", "reg CPU", "unreg us", "idle ms/s",
                "all ns/dgram", "hot ns/dgram", "first ns/dgram", "close ms");
        for (SizeResult r : rows) {
            out.printf(Locale.ROOT, format, r.poller(), String.format(Locale.ROOT, "%,d", r.sockets()),
                    f2(r.registrationNanosPerSocket() / 1e3), f2(r.registrationCpuNanosPerSocket() / 1e3),
                    f2(r.unregistrationNanosPerSocket() / 1e3), String.format(Locale.ROOT, "%.3f", r.idleCpuMillisPerSecond()),
                    perDatagram(r.spread()), perDatagram(r.hot()),
                    String.format(Locale.ROOT, "%.0f / %.0f", r.spread().firstPass(), r.hot().firstPass()),
                    r.closeNanos() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.closeNanos() / 1e6));
        }
        out.printf(Locale.ROOT, "reg us: wall time per socket from the first register call until registered() reached the count "
                + "(median of %d rounds); reg CPU: the registering thread's plus the poller's CPU per socket; unreg us: the same "
                + "for unregister; idle ms/s: poller CPU per second with nothing arriving; ns/dgram: poller CPU per datagram its "
                + "handlers got, median of %d windows (datagrams per receive); hot: traffic on 1 socket in %d; first: the pass "
                + "before the windows that sent each socket one datagram (all / hot); c: the same work in C, the kernel's floor "
                + "(its reg CPU is epoll_ctl alone)%n", ScaleRun.REGISTRATION_ROUNDS,
                ScaleRun.TRAFFIC_WINDOWS, Math.round(100 / s.hotPercent()));
    }

    static void targets(List<PollerTarget> targets, List<SizeResult> rows, PrintStream out) {
        if (targets.isEmpty()) {
            return;
        }
        out.println();
        out.println("targets (issue 16, current poller):");
        for (PollerTarget t : targets) {
            out.printf(Locale.ROOT, "  %-62s %9.3f %-4s limit %s %.1f %s  %s%n", t.name(), t.value(), t.unit(),
                    t.name().startsWith("idle") ? "<" : "<=", t.limit(), t.unit(), t.met() ? "met" : "MISSED");
        }
        for (PollerKind kind : List.of(PollerKind.CURRENT, PollerKind.C)) {
            List<SizeResult> of = rows.stream().filter(r -> r.poller().equals(kind.label)).toList();
            if (of.size() > 1) {
                SizeResult small = of.getFirst();
                SizeResult large = of.getLast();
                out.printf(Locale.ROOT, "  %-7s %,d / %,d sockets, CPU per datagram: %.3f x all, %.3f x hot; per receive: "
                                + "%.3f x all, %.3f x hot%n", kind.label, large.sockets(), small.sockets(),
                        large.spread().cpuNanosPerDatagram() / small.spread().cpuNanosPerDatagram(),
                        large.hot().cpuNanosPerDatagram() / small.hot().cpuNanosPerDatagram(),
                        large.spread().cpuNanosPerReceive() / small.spread().cpuNanosPerReceive(),
                        large.hot().cpuNanosPerReceive() / small.hot().cpuNanosPerReceive());
            }
        }
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String perDatagram(TrafficResult t) {
        return String.format(Locale.ROOT, "%.0f (%.2f)", t.cpuNanosPerDatagram(), t.datagramsPerCall());
    }
}
