package io.salvo.perf;

import java.util.Locale;

/**
 * What one {@code --protocol tcp} run measured. Message counts are by the frames' own stamps over
 * the measured window (frames sent after the warm-up), as for datagrams; rates are those counts
 * over the window's length. CPU and allocation are of the I/O threads over the same window. A
 * figure that could not be measured is NaN and prints as n/a or null.
 *
 * @param setup           what was measured
 * @param warmupSeconds   seconds of sending at the start that no figure counts
 * @param durationSeconds the measured window: from the end of the warm-up until sending stopped
 * @param messages        frames sent in the window and what became of them
 * @param connections     data connections opened, and how many broke
 * @param writeCalls      write system calls the senders made in the window
 * @param writesFull      of those, calls that found the send buffer full and took nothing
 * @param costs           CPU and allocation per message
 * @param rtt             round-trip latency
 */
record TcpResult(Setup setup, double warmupSeconds, double durationSeconds, Messages messages, Connections connections,
                 long writeCalls, long writesFull, Costs costs, Rtt rtt) implements Report {

    @Override
    public String json() {
        return TcpJsonReport.write(this);
    }

    @Override
    public void printSummary(java.io.PrintStream out) {
        TcpSummary.print(out, this);
    }

    /**
     * @param transport    native or nio
     * @param capabilities what the transport reported it can do
     * @param framing      how messages are delimited (length32)
     * @param size         payload bytes per message, after the length field
     * @param batch        frames per write buffer
     * @param sockets      data connections
     */
    record Setup(String transport, String capabilities, String framing, int size, int batch, int sockets, boolean ipv6) {
    }

    /**
     * @param sent          frames of the window the kernel took whole
     * @param received      of those, how many the receivers counted
     * @param outOfSequence data frames whose sequence number was not the next of their connection (whole run)
     * @param unrecognised  frames without a sequence header (whole run)
     */
    record Messages(long sent, long received, long outOfSequence, long unrecognised) {
        /** Sent and never received: 0 unless a connection broke. */
        long lost() {
            return sent - received;
        }

        String balanceLine() {
            return String.format(Locale.ROOT, "%,d sent = %,d received + %,d lost", sent, received, lost());
        }
    }

    /**
     * @param opened       data connections the run opened
     * @param broken       of those, how many broke (reset, refused writes, damaged framing) before their end of stream
     * @param firstFailure what broke the first one, or null
     */
    record Connections(int opened, int broken, String firstFailure) {
    }

    record Costs(double senderCpuNsPerMessage, double receiverCpuNsPerMessage, double allocatedBytesPerMessage) {
    }

    /** Round trips in microseconds; the figures are NaN without samples. */
    record Rtt(long samples, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    }

    double sentPerSecond() {
        return messages.sent() / durationSeconds;
    }

    double receivedPerSecond() {
        return messages.received() / durationSeconds;
    }

    /** Payload Gbit/s sent: every message carries {@code size} bytes (the length fields not counted). */
    double sentGbps() {
        return (double) messages.sent() * setup.size() * 8 / durationSeconds / 1e9;
    }

    double receivedGbps() {
        return (double) messages.received() * setup.size() * 8 / durationSeconds / 1e9;
    }

    double messagesPerWriteCall() {
        return writeCalls == 0 ? 0 : (double) messages.sent() / writeCalls;
    }
}
