package io.salvo.perf;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --jfr FILE}, {@code --pcap FILE} and {@code --pcap-snap N}: watch a run with JFR and a packet capture. */
final class ObserveOptions {

    /** Payload bytes kept per captured datagram by default: salvo-perf's header and then some, not the filler. */
    static final int DEFAULT_SNAP = 128;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the run with JDK Flight Recorder (the JDK's default settings plus every Salvo event) "
                    + "and write the recording to FILE at the end (read it with 'jfr print' or JDK Mission Control).")
    Path jfr;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Write every datagram the run's UDP sockets send and receive to FILE as pcapng (Wireshark, "
                    + "tshark), with IP and UDP headers made up from the socket addresses. Costs a copy per datagram: "
                    + "use with a --rate.")
    Path pcap;

    @Option(names = "--pcap-snap", paramLabel = "N", defaultValue = "" + DEFAULT_SNAP,
            description = "With --pcap: payload bytes kept per datagram, 0..65535 (default: ${DEFAULT-VALUE}).")
    int pcapSnap;

    /** Checks values; returns a one-line problem or null. */
    String validate(boolean udp) {
        if (pcapSnap < 0 || pcapSnap > 65_535) {
            return "--pcap-snap must be between 0 and 65535, got " + pcapSnap;
        }
        if (pcap != null && !udp) {
            return "--pcap captures datagrams: UDP only";
        }
        if (pcap != null && pcap.equals(jfr)) {
            return "--pcap and --jfr need different files";
        }
        return null;
    }
}
