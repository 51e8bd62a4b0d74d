package io.salvo.perf;

import io.salvo.perf.sequence.Tally;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.loopback.NetworkStats;

import java.util.Map;

/**
 * What one salvo-perf run measured. Datagram counts are by sequence number over the measured
 * window (the datagrams sent after the warm-up; see {@link Tally}), and rates are those counts
 * over the window's length. CPU and allocation are of the I/O threads over the same window.
 * Drops and events are the sockets' own counters over the whole run. A figure a mode cannot
 * measure (the receiver's CPU in client mode without a report) is NaN and prints as n/a or null.
 *
 * @param setup           what was measured
 * @param warmupSeconds   seconds of sending at the start that no figure counts (as it happened: at least {@code --warmup})
 * @param durationSeconds the measured window: from the end of the warm-up until sending stopped
 * @param tally           datagrams sent in the window and what became of them
 * @param sendCalls       send system calls the senders made in the window
 * @param drops           datagrams the sockets lost, by cause, over the whole run (every cause present)
 * @param events          things the sockets counted that lost nothing, over the whole run (every kind present)
 * @param costs           CPU and allocation per datagram
 * @param rtt             round-trip latency
 * @param network         the in-memory network's own tally (whole run, before the round-trip phase)
 *                        with {@code --transport loopback}; null otherwise
 */
record PerfResult(
        Setup setup,
        double warmupSeconds,
        double durationSeconds,
        Tally tally,
        long sendCalls,
        Map<DropCause, Long> drops,
        Map<TransportEvent, Long> events,
        Costs costs,
        Rtt rtt,
        NetworkStats network) implements Report {

    @Override
    public String json() {
        return JsonReport.write(this);
    }

    @Override
    public void printSummary(java.io.PrintStream out) {
        Summary.print(out, this);
    }

    /**
     * @param transport    native, nio or loopback
     * @param capabilities what the transport reported it can do
     * @param impairments  the simulated link's settings with {@code --transport loopback}, else null
     */
    record Setup(String transport, String capabilities, int size, int batch, boolean gso, boolean gro, int sockets,
                 boolean ipv6, ImpairmentOptions.Impairments impairments) {
    }

    /**
     * @param senderCpuNsPerDatagram    sender threads' CPU time over datagrams sent
     * @param receiverCpuNsPerDatagram  receiver threads' CPU time over datagrams they received
     * @param allocatedBytesPerDatagram bytes the sender and receiver threads allocated over datagrams sent
     */
    record Costs(double senderCpuNsPerDatagram, double receiverCpuNsPerDatagram, double allocatedBytesPerDatagram) {
    }

    /** Round trips in microseconds; the percentiles are NaN without samples. */
    record Rtt(long samples, double p50Micros, double p99Micros, double p999Micros) {
    }

    double sentPps() {
        return tally.sent() / durationSeconds;
    }

    double receivedPps() {
        return tally.received().unique() / durationSeconds;
    }

    /** Payload Gbit/s sent: every datagram carries {@code size} bytes. */
    double sentGbps() {
        return (double) tally.sent() * setup.size() * 8 / durationSeconds / 1e9;
    }

    double receivedGbps() {
        return (double) tally.received().unique() * setup.size() * 8 / durationSeconds / 1e9;
    }

    double datagramsPerSendCall() {
        return sendCalls == 0 ? 0 : (double) tally.sent() / sendCalls;
    }
}
