package io.salvo.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code salvo-perf server --protocol tcp} reports about one test: the frames its receiving
 * connections got in the measured window, from any sender, and the CPU time of the threads that
 * received them.
 *
 * @param connections     receiving connections of the test (echoing ones are not)
 * @param broken          of those, how many broke (reset, or bytes that are not length32 frames)
 * @param firstFailure    what broke the first one, or null
 * @param warmupSeconds   seconds from the test's first frame to the window's start
 * @param durationSeconds the measured window (0 when the test ended within its warm-up)
 * @param windowEnd       why the window ended
 * @param received        the window's frames
 * @param cpuNsPerMessage receiving threads' CPU time in the window over its frames; NaN when unknown
 */
record TcpServerReport(Setup setup, int connections, int broken, String firstFailure, double warmupSeconds,
                       double durationSeconds, String windowEnd, ServerTest.Counts received, double cpuNsPerMessage)
        implements Report {

    /** @param bind the address listened on */
    record Setup(String transport, String capabilities, String bind) {
    }

    double messagesPerSecond() {
        return durationSeconds > 0 ? received.frames() / durationSeconds : Double.NaN;
    }

    /** Payload Gbit/s (the length fields not counted). */
    double gbps() {
        return durationSeconds > 0 ? received.payloadBytes() * 8 / durationSeconds / 1e9 : Double.NaN;
    }

    @Override
    public String json() {
        ObjectNode n = JsonReport.MAPPER.createObjectNode();
        n.put("protocol", "tcp");
        n.put("framing", io.salvo.perf.stream.Length32.NAME);
        n.put("transport", setup.transport());
        n.put("capabilities", setup.capabilities());
        n.put("bind", setup.bind());
        n.put("connections", connections);
        n.put("connections_broken", broken);
        n.put("first_failure", firstFailure);
        n.put("warmup_s", warmupSeconds);
        n.put("duration_s", durationSeconds);
        n.put("window_end", windowEnd);
        n.put("messages", received.frames());
        n.put("payload_bytes", received.payloadBytes());
        JsonReport.number(n, "messages_per_s", messagesPerSecond());
        JsonReport.number(n, "gbps", gbps());
        n.put("out_of_sequence", received.outOfSequence());
        n.put("unrecognised", received.unrecognised());
        JsonReport.number(n, "receiver_cpu_ns_per_message", cpuNsPerMessage);
        return JsonReport.write(n);
    }

    @Override
    public void printSummary(PrintStream out) {
        out.println();
        out.println("salvo-perf server report");
        row(out, "protocol", "tcp, framing " + io.salvo.perf.stream.Length32.NAME);
        row(out, "transport", setup.transport() + " (" + setup.capabilities() + ")");
        row(out, "listening on", setup.bind());
        row(out, "connections", connections + " receiving, " + broken + " broken"
                + (firstFailure == null ? "" : " (first: " + firstFailure + ")"));
        row(out, "measured", String.format(Locale.ROOT, "%.2f s, after %.2f s of warm-up (%s)", durationSeconds,
                warmupSeconds, windowEnd));
        row(out, "received", durationSeconds > 0
                ? String.format(Locale.ROOT, "%s messages, %smsg/s, %.2f Gbit/s", Format.count(received.frames()),
                        Format.rate(messagesPerSecond()), gbps())
                : Format.count(received.frames()) + " messages");
        row(out, "out of sequence", Format.count(received.outOfSequence())
                + " (salvo-perf data frames not next in their stream: damage)");
        row(out, "unrecognised", Format.count(received.unrecognised())
                + " (frames without salvo-perf's sequence header: normal from other senders)");
        row(out, "receiver CPU", Format.nsPer(cpuNsPerMessage, "message"));
        out.flush();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
