package io.salvo.perf;

import java.io.PrintStream;
import java.util.Locale;

/** The human-readable summary of a {@code --protocol tcp} run: the rows of the UDP one, in messages. */
final class TcpSummary {

    private TcpSummary() {
    }

    static void print(PrintStream out, TcpResult r) {
        TcpResult.Setup s = r.setup();
        out.println();
        out.println("salvo-perf summary");
        row(out, "protocol", "tcp, framing " + s.framing());
        row(out, "transport", s.transport() + " (" + s.capabilities() + ")");
        row(out, "settings", String.format(Locale.ROOT, "size %s B, batch %s frames per write, connections %d, %s",
                Format.count(s.size()), Format.count(s.batch()), s.sockets(), s.ipv6() ? "IPv6" : "IPv4"));
        row(out, "measured", String.format(Locale.ROOT, "%.2f s of sending, after %.2f s of warm-up",
                r.durationSeconds(), r.warmupSeconds()));
        TcpResult.Messages m = r.messages();
        row(out, "sent", String.format(Locale.ROOT, "%s messages, %smsg/s, %.2f Gbit/s",
                Format.count(m.sent()), Format.rate(r.sentPerSecond()), r.sentGbps()));
        row(out, "received", String.format(Locale.ROOT, "%s messages, %smsg/s, %.2f Gbit/s",
                Format.count(m.received()), Format.rate(r.receivedPerSecond()), r.receivedGbps()));
        row(out, "balance", m.balanceLine());
        TcpResult.Connections c = r.connections();
        row(out, "connections", String.format(Locale.ROOT, "%d opened, %d broken", c.opened(), c.broken())
                + (c.firstFailure() == null ? "" : " (first: " + c.firstFailure() + ")"));
        row(out, "out of sequence", Format.count(m.outOfSequence()) + " (frames not next in their stream: damage; whole run)");
        row(out, "unrecognised", Format.count(m.unrecognised()) + " (frames without a sequence header; whole run)");
        row(out, "messages per write call", String.format(Locale.ROOT, "%.1f", r.messagesPerWriteCall()));
        row(out, "send buffer full", Format.count(r.writesFull()) + " writes took nothing (back pressure; nothing lost)");
        row(out, "sender CPU", Format.nsPer(r.costs().senderCpuNsPerMessage(), "message"));
        row(out, "receiver CPU", Format.nsPer(r.costs().receiverCpuNsPerMessage(), "message"));
        row(out, "allocated on I/O threads", Double.isNaN(r.costs().allocatedBytesPerMessage()) ? "n/a"
                : String.format(Locale.ROOT, "%.3f bytes per message", r.costs().allocatedBytesPerMessage()));
        TcpResult.Rtt rtt = r.rtt();
        row(out, "round trip", rtt.samples() == 0 ? "no samples" : String.format(Locale.ROOT,
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%s samples)", rtt.p50Micros(), rtt.p99Micros(),
                rtt.p999Micros(), rtt.maxMicros(), Format.count(rtt.samples())));
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", name, value);
    }
}
