package io.salvo.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code salvo-perf latency} measured: the round trips after the warm-up, in microseconds
 * (NaN, printed as n/a or null, without samples).
 *
 * @param framing        length32 over a stream; null over UDP
 * @param transport      native or nio
 * @param peer           the address connected to, as given
 * @param timeouts       UDP probes unanswered within the timeout (not in the samples); 0 over a stream
 * @param elapsedSeconds time the recorded round trips took, end to end
 */
record LatencyResult(String protocol, String framing, String transport, String peer, int size, long warmup, long count,
                     String idle, long samples, long timeouts, double elapsedSeconds, double minMicros,
                     double meanMicros, double p50Micros, double p99Micros, double p999Micros, double maxMicros)
        implements Report {

    static LatencyResult of(String protocol, String framing, String transport, String peer, int size, long warmup,
                            long count, String idle, Histogram h, long timeouts, double elapsedSeconds) {
        boolean none = h.getTotalCount() == 0;
        return new LatencyResult(protocol, framing, transport, peer, size, warmup, count, idle, h.getTotalCount(), timeouts,
                elapsedSeconds, none ? Double.NaN : h.getMinValue() / 1e3, none ? Double.NaN : h.getMean() / 1e3,
                none ? Double.NaN : h.getValueAtPercentile(50) / 1e3, none ? Double.NaN : h.getValueAtPercentile(99) / 1e3,
                none ? Double.NaN : h.getValueAtPercentile(99.9) / 1e3, none ? Double.NaN : h.getMaxValue() / 1e3);
    }

    double roundTripsPerSecond() {
        return elapsedSeconds > 0 && samples > 0 ? samples / elapsedSeconds : Double.NaN;
    }

    @Override
    public String json() {
        ObjectNode n = JsonReport.MAPPER.createObjectNode();
        n.put("protocol", protocol);
        n.put("framing", framing);
        n.put("transport", transport);
        n.put("connect", peer);
        n.put("size", size);
        n.put("warmup", warmup);
        n.put("count", count);
        n.put("idle", idle);
        n.put("samples", samples);
        n.put("timeouts", timeouts);
        JsonReport.number(n, "round_trips_per_s", roundTripsPerSecond());
        JsonReport.roundTrips(n, minMicros, meanMicros, p50Micros, p99Micros, p999Micros, maxMicros);
        return JsonReport.write(n);
    }

    @Override
    public void printSummary(PrintStream out) {
        out.println();
        out.println("salvo-perf latency");
        row(out, "peer", protocol + " " + peer + (framing == null ? "" : ", framing " + framing) + ", transport " + transport);
        row(out, "settings", String.format(Locale.ROOT, "size %s B, %s round trips after %s warm-up, idle %s",
                Format.count(size), Format.count(count), Format.count(warmup), idle));
        row(out, "round trip", samples == 0 ? "no samples" : String.format(Locale.ROOT,
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us", p50Micros, p99Micros, p999Micros, maxMicros));
        row(out, "samples", samples == 0 ? "none" : String.format(Locale.ROOT, "%s, min %.1f us, mean %.1f us, %s round trips/s",
                Format.count(samples), minMicros, meanMicros, Format.rate(roundTripsPerSecond()).trim()));
        if (protocol.equals("udp")) {
            row(out, "timeouts", Format.count(timeouts) + " probes unanswered (not in the samples)");
        }
        out.flush();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
