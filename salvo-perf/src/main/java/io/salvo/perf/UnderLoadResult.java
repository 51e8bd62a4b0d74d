package io.salvo.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code salvo-perf latency --rate} measured over the probes after the warm-up: how many went
 * out, came back in time, were lost or came back late, and the round trips of those that came
 * back, measured from each probe's scheduled send time, in microseconds (NaN, printed as n/a or
 * null, without replies).
 *
 * @param rate            probes per second asked for
 * @param sent            probes sent on the schedule (the count asked for)
 * @param replies         echoes back within the timeout: the samples
 * @param lost            probes without an echo within the timeout; {@code sent == replies + lost}
 * @param late            echoes that came after their probe's deadline (already counted in {@code lost})
 * @param unexpected      datagrams that were no echo of a probe sent
 * @param sendSeconds     from the first measured probe's scheduled time to the last send
 * @param maxSendLagMicros the most a probe left after its scheduled time
 */
record UnderLoadResult(String transport, String peer, int size, String idle, long rate, long warmup, long timeoutMillis,
                       long sent, long replies, long lost, long late, long unexpected, double sendSeconds,
                       double maxSendLagMicros, double elapsedSeconds, double minMicros, double meanMicros,
                       double p50Micros, double p99Micros, double p999Micros, double maxMicros) implements Report {

    static UnderLoadResult of(String transport, String peer, int size, String idle, long rate, long warmup, long timeoutMillis,
                              UdpUnderLoad.Counts c, Histogram h) {
        boolean none = h.getTotalCount() == 0;
        return new UnderLoadResult(transport, peer, size, idle, rate, warmup, timeoutMillis, c.sent(), c.replies(), c.lost(),
                c.late(), c.unexpected(), c.sendNanos() / 1e9, c.maxSendLagNanos() / 1e3, c.elapsedNanos() / 1e9,
                none ? Double.NaN : h.getMinValue() / 1e3, none ? Double.NaN : h.getMean() / 1e3,
                none ? Double.NaN : h.getValueAtPercentile(50) / 1e3, none ? Double.NaN : h.getValueAtPercentile(99) / 1e3,
                none ? Double.NaN : h.getValueAtPercentile(99.9) / 1e3, none ? Double.NaN : h.getMaxValue() / 1e3);
    }

    /** Probes per second actually sent; NaN for a single probe. */
    double sendRate() {
        return sendSeconds > 0 ? (sent - 1) / sendSeconds : Double.NaN;
    }

    @Override
    public String json() {
        ObjectNode n = JsonReport.MAPPER.createObjectNode();
        n.put("protocol", "udp");
        n.put("transport", transport);
        n.put("connect", peer);
        n.put("size", size);
        n.put("idle", idle);
        n.put("rate", rate);
        n.put("warmup", warmup);
        n.put("timeout_ms", timeoutMillis);
        n.put("sent", sent);
        n.put("replies", replies);
        n.put("lost", lost);
        n.put("late", late);
        n.put("unexpected", unexpected);
        JsonReport.number(n, "send_rate_per_s", sendRate());
        n.put("send_lag_max_us", maxSendLagMicros);
        n.put("elapsed_s", elapsedSeconds);
        JsonReport.roundTrips(n, minMicros, meanMicros, p50Micros, p99Micros, p999Micros, maxMicros);
        return JsonReport.write(n);
    }

    @Override
    public void printSummary(PrintStream out) {
        out.println();
        out.println("salvo-perf latency");
        row(out, "mode", "under load: probes on a fixed schedule (--rate), many in flight");
        row(out, "peer", "udp " + peer + ", transport " + transport);
        row(out, "settings", String.format(Locale.ROOT, "size %s B, %s probes/s, %s probes after %s warm-up, idle %s, timeout %d ms",
                Format.count(size), Format.count(rate), Format.count(sent), Format.count(warmup), idle, timeoutMillis));
        row(out, "probes", String.format(Locale.ROOT, "%s sent = %s replies + %s lost (%s of them late), %s unexpected",
                Format.count(sent), Format.count(replies), Format.count(lost), Format.count(late), Format.count(unexpected)));
        row(out, "sending", String.format(Locale.ROOT, "%s probes/s, at most %.1f us behind the schedule",
                Format.rate(sendRate()).trim(), maxSendLagMicros));
        row(out, "round trip", replies == 0 ? "no replies" : String.format(Locale.ROOT,
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (from scheduled send times)", p50Micros, p99Micros,
                p999Micros, maxMicros));
        if (replies > 0) {
            row(out, "samples", String.format(Locale.ROOT, "%s, min %.1f us, mean %.1f us", Format.count(replies), minMicros,
                    meanMicros));
        }
        out.flush();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
