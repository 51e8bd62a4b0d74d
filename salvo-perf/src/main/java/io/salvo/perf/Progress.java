package io.salvo.perf;

import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The line printed once a second while a test runs. Its rates are of the last second, by the time
 * datagrams were sent and arrived. Its counts are of the measured window so far, by sequence
 * number; a datagram not yet received may still be in flight, so "not yet received" is an upper
 * bound of the summary's "lost", which is settled only after the receivers have drained.
 */
final class Progress {

    private Progress() {
    }

    /**
     * One line of a run that sees both ends.
     *
     * @param measuring        false during the warm-up, whose datagrams are not counted
     * @param sentInWindow     datagrams sent in the measured window so far, the batches being sent
     *                         included (read after {@code receivedInWindow}, so never below it)
     * @param receivedInWindow of those, how many have arrived (unique)
     */
    static void line(PrintStream out, double atSeconds, double sentPps, double receivedPps, double receivedGbps,
                     boolean measuring, long sentInWindow, long receivedInWindow,
                     Map<DropCause, Long> drops, Map<TransportEvent, Long> events) {
        String window = measuring
                ? String.format(Locale.ROOT, "window so far: sent %s, unique received %s, not yet received %s",
                        Format.count(sentInWindow), Format.count(receivedInWindow),
                        Format.count(sentInWindow - receivedInWindow))
                : "warm-up, not counted";
        out.printf(Locale.ROOT, "%6.1fs  sent %sdgram/s  received %sdgram/s  %6.2f Gbit/s  %s  drops: %s  events: %s%n",
                atSeconds, Format.rate(sentPps), Format.rate(receivedPps), receivedGbps, window,
                Format.counters(drops), Format.counters(events));
    }

    /** Client mode: only the sending side is known until the server reports at the end. */
    static void sendLine(PrintStream out, double atSeconds, double sentPps, double sentGbps, boolean measuring,
                         Map<DropCause, Long> drops, Map<TransportEvent, Long> events) {
        out.printf(Locale.ROOT, "%6.1fs  sent %sdgram/s  %6.2f Gbit/s  %s (the server reports what arrived at the end)  "
                        + "drops: %s  events: %s%n",
                atSeconds, Format.rate(sentPps), sentGbps, measuring ? "counted" : "warm-up, not counted",
                Format.counters(drops), Format.counters(events));
    }

    /**
     * One line of a TCP run in one process: rates of the last second in messages, the window so
     * far, and the connections.
     */
    static void streamLine(PrintStream out, double atSeconds, double sentPerSecond, double receivedPerSecond,
                           double receivedGbps, boolean measuring, long sentInWindow, long receivedInWindow,
                           int connections, int broken) {
        String window = measuring
                ? String.format(Locale.ROOT, "window so far: sent %s, received %s, not yet received %s",
                        Format.count(sentInWindow), Format.count(receivedInWindow),
                        Format.count(sentInWindow - receivedInWindow))
                : "warm-up, not counted";
        out.printf(Locale.ROOT, "%6.1fs  sent %smsg/s  received %smsg/s  %6.2f Gbit/s  %s  connections: %d, broken %d%n",
                atSeconds, Format.rate(sentPerSecond), Format.rate(receivedPerSecond), receivedGbps, window,
                connections, broken);
    }

    /** TCP client mode: only the sending side is known until the server reports at the end. */
    static void streamSendLine(PrintStream out, double atSeconds, double sentPerSecond, double sentGbps, boolean measuring,
                               int connections, int broken) {
        out.printf(Locale.ROOT, "%6.1fs  sent %smsg/s  %6.2f Gbit/s  %s (the server reports what arrived at the end)  "
                        + "connections: %d, broken %d%n",
                atSeconds, Format.rate(sentPerSecond), sentGbps, measuring ? "counted" : "warm-up, not counted",
                connections, broken);
    }
}
