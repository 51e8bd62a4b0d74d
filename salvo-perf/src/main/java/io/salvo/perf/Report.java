package io.salvo.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Human-readable output: one progress line a second, then the summary table. */
final class Report {

    private Report() {
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ", perSecond);
    }

    /** Adds a transport's drop counters into {@code drops}, keyed by the lower-case cause name. */
    static void addDrops(Map<String, Long> drops, io.salvo.transport.SocketStats s) {
        for (io.salvo.transport.DropCause c : io.salvo.transport.DropCause.values()) {
            drops.merge(c.name().toLowerCase(Locale.ROOT), s.drops(c), Long::sum);
        }
    }

    static String drops(Map<String, Long> drops) {
        StringBuilder sb = new StringBuilder();
        drops.forEach((cause, n) -> {
            if (n > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(cause).append('=').append(n);
            }
        });
        return sb.isEmpty() ? "none" : sb.toString();
    }

    static void progress(PrintStream out, double atSeconds, double sentPps, double receivedPps, double gbps,
                         double lossPercent, Map<String, Long> drops) {
        out.printf(Locale.ROOT, "%6.1fs  sent %sdgram/s  received %sdgram/s  %6.2f Gbit/s  loss %5.2f%%  drops: %s%n",
                atSeconds, rate(sentPps), rate(receivedPps), gbps, lossPercent, drops(drops));
    }

    /** Client mode: only the sending side is known until the server reports at the end. */
    static void sendProgress(PrintStream out, double atSeconds, double sentPps, double sentGbps, Map<String, Long> drops) {
        out.printf(Locale.ROOT, "%6.1fs  sent %sdgram/s  %6.2f Gbit/s  (the server reports what arrived at the end)  drops: %s%n",
                atSeconds, rate(sentPps), sentGbps, drops(drops));
    }

    static void summary(PrintStream out, PerfResult r) {
        out.println();
        out.println("salvo-perf summary");
        row(out, "transport", r.transport() + " (" + r.capabilities() + ")");
        row(out, "settings", String.format(Locale.ROOT, "size %d B, batch %d, gso %s, gro %s, sockets %d, %s",
                r.size(), r.batch(), onOff(r.gso()), onOff(r.gro()), r.sockets(), r.ipv6() ? "IPv6" : "IPv4"));
        row(out, "measured", String.format(Locale.ROOT, "%.2f s", r.durationSeconds()));
        row(out, "sent", String.format(Locale.ROOT, "%d datagrams, %sdgram/s, %.2f Gbit/s",
                r.sentDatagrams(), rate(r.sentPps()), r.sentGbps()));
        row(out, "received", String.format(Locale.ROOT, "%d datagrams, %sdgram/s, %.2f Gbit/s",
                r.receivedDatagrams(), rate(r.receivedPps()), r.receivedGbps()));
        row(out, "lost (whole run)", String.format(Locale.ROOT, "%d", r.lost()));
        row(out, "drops by cause", drops(r.drops()));
        row(out, "datagrams per send call", String.format(Locale.ROOT, "%.1f", r.datagramsPerSendCall()));
        row(out, "sender CPU", nsPerDatagram(r.senderCpuNsPerDatagram()));
        row(out, "receiver CPU", nsPerDatagram(r.receiverCpuNsPerDatagram()));
        row(out, "allocated on I/O threads", Double.isNaN(r.allocatedBytesPerDatagram()) ? "n/a"
                : String.format(Locale.ROOT, "%.3f bytes per datagram", r.allocatedBytesPerDatagram()));
        row(out, "round trip", r.rttSamples() == 0 ? "no samples" : String.format(Locale.ROOT,
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%d samples)", r.rttP50Micros(), r.rttP99Micros(),
                r.rttP999Micros(), r.rttSamples()));
    }

    private static String nsPerDatagram(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f ns per datagram", v);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
