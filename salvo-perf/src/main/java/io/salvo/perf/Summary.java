package io.salvo.perf;

import io.salvo.perf.sequence.Arrivals;
import io.salvo.perf.sequence.SequenceWindow;
import io.salvo.transport.loopback.NetworkStats;

import java.io.PrintStream;
import java.util.Locale;

/** The human-readable summary printed at the end of a run: one labelled row per figure. */
final class Summary {

    private Summary() {
    }

    static void print(PrintStream out, PerfResult r) {
        PerfResult.Setup s = r.setup();
        out.println();
        out.println("salvo-perf summary");
        row(out, "transport", s.transport() + " (" + s.capabilities() + ")");
        row(out, "settings", String.format(Locale.ROOT, "size %s B, batch %d, gso %s, gro %s, sockets %d, %s",
                Format.count(s.size()), s.batch(), Format.onOff(s.gso()), Format.onOff(s.gro()), s.sockets(),
                s.ipv6() ? "IPv6" : "IPv4"));
        if (s.impairments() != null) {
            var i = s.impairments();
            row(out, "impairments", String.format(Locale.ROOT, "loss %.2f%%, duplicate %.2f%%, reorder %.2f%% (distance %d), seed %d",
                    i.lossPercent(), i.duplicatePercent(), i.reorderPercent(), i.reorderDistance(), i.seed()));
        }
        row(out, "measured", String.format(Locale.ROOT, "%.2f s of sending, after %.2f s of warm-up",
                r.durationSeconds(), r.warmupSeconds()));
        row(out, "sent", String.format(Locale.ROOT, "%s datagrams, %sdgram/s, %.2f Gbit/s",
                Format.count(r.tally().sent()), Format.rate(r.sentPps()), r.sentGbps()));
        Arrivals a = r.tally().received();
        row(out, "received", String.format(Locale.ROOT, "%s unique datagrams, %sdgram/s, %.2f Gbit/s",
                Format.count(a.unique()), Format.rate(r.receivedPps()), r.receivedGbps()));
        row(out, "balance", r.tally().balanceLine());
        row(out, "duplicated", Format.count(a.duplicated()) + " (arrived again; not in received)");
        row(out, "out of order", Format.count(a.outOfOrder()) + " (arrived after a later one; in received)");
        row(out, "late", Format.count(a.late()) + " (" + Format.count(SequenceWindow.DEFAULT_SIZE)
                + " or more behind; in lost)");
        row(out, "unrecognised", Format.count(a.unrecognised()) + " (no sequence header; whole run)");
        row(out, "drops (lost, by cause)", Format.counters(r.drops()) + " (socket counters, whole run)");
        row(out, "events (nothing lost)", Format.counters(r.events()) + " (socket counters, whole run)");
        NetworkStats net = r.network();
        if (net != null) {
            row(out, "loopback network", String.format(Locale.ROOT,
                    "sent %s, duplicated %s, received %s, dropped %s, in flight %s (its own tally, whole run)",
                    Format.count(net.sent()), Format.count(net.duplicated()), Format.count(net.received()),
                    Format.count(net.dropped()), Format.count(net.inFlight())));
        }
        row(out, "datagrams per send call", String.format(Locale.ROOT, "%.1f", r.datagramsPerSendCall()));
        row(out, "sender CPU", Format.nsPerDatagram(r.costs().senderCpuNsPerDatagram()));
        row(out, "receiver CPU", Format.nsPerDatagram(r.costs().receiverCpuNsPerDatagram()));
        row(out, "allocated on I/O threads", Double.isNaN(r.costs().allocatedBytesPerDatagram()) ? "n/a"
                : String.format(Locale.ROOT, "%.3f bytes per datagram", r.costs().allocatedBytesPerDatagram()));
        PerfResult.Rtt rtt = r.rtt();
        row(out, "round trip", rtt.samples() == 0 ? "no samples" : String.format(Locale.ROOT,
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%s samples)", rtt.p50Micros(), rtt.p99Micros(),
                rtt.p999Micros(), Format.count(rtt.samples())));
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
