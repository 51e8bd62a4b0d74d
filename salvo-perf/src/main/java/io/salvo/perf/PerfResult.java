package io.salvo.perf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one salvo-perf run measured. Rates are over the measured window (the run less its first
 * second of warm-up when the run is long enough); CPU and allocation are of the I/O threads only.
 * {@code lost} is over the whole run (everything sent minus everything received after draining).
 * Fields that a mode cannot measure (the receiver's CPU in client mode) are NaN and print as null.
 */
record PerfResult(
        String transport,
        String capabilities,
        int size,
        int batch,
        boolean gso,
        boolean gro,
        int sockets,
        boolean ipv6,
        double durationSeconds,
        long sentDatagrams,
        long receivedDatagrams,
        long receivedBytes,
        long lost,
        long sendCalls,
        Map<String, Long> drops,
        double senderCpuNsPerDatagram,
        double receiverCpuNsPerDatagram,
        double allocatedBytesPerDatagram,
        long rttSamples,
        double rttP50Micros,
        double rttP99Micros,
        double rttP999Micros) {

    double sentPps() {
        return sentDatagrams / durationSeconds;
    }

    double receivedPps() {
        return receivedDatagrams / durationSeconds;
    }

    double receivedGbps() {
        return receivedBytes * 8 / durationSeconds / 1e9;
    }

    double sentGbps() {
        return (double) sentDatagrams * size * 8 / durationSeconds / 1e9;
    }

    double datagramsPerSendCall() {
        return sendCalls == 0 ? 0 : (double) sentDatagrams / sendCalls;
    }

    /** The JSON document, field names as documented in docs/salvo-perf.md. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", transport);
        m.put("size", size);
        m.put("batch", batch);
        m.put("gso", gso);
        m.put("gro", gro);
        m.put("sockets", sockets);
        m.put("ipv6", ipv6);
        m.put("duration_s", durationSeconds);
        m.put("sent_datagrams", sentDatagrams);
        m.put("received_datagrams", receivedDatagrams);
        m.put("sent_pps", sentPps());
        m.put("received_pps", receivedPps());
        m.put("sent_gbps", sentGbps());
        m.put("received_gbps", receivedGbps());
        m.put("lost", lost());
        m.put("drops", drops);
        m.put("datagrams_per_send_call", datagramsPerSendCall());
        m.put("sender_cpu_ns_per_datagram", senderCpuNsPerDatagram);
        m.put("receiver_cpu_ns_per_datagram", receiverCpuNsPerDatagram);
        m.put("allocated_bytes_per_datagram", allocatedBytesPerDatagram);
        Map<String, Object> rtt = new LinkedHashMap<>();
        rtt.put("samples", rttSamples);
        rtt.put("p50", rttP50Micros);
        rtt.put("p99", rttP99Micros);
        rtt.put("p999", rttP999Micros);
        m.put("rtt_us", rtt);
        m.put("capabilities", capabilities);
        return m;
    }
}
