package io.salvo.perf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salvo.perf.sequence.Arrivals;
import io.salvo.transport.loopback.NetworkStats;

import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} document: one object, keys and types as docs/salvo-perf.md lists them.
 * Jackson writes every number (integers as integers, doubles in the shortest form that reads back
 * to the same value); a figure that could not be measured (NaN) is written as null.
 */
final class JsonReport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    /** The document on one line. */
    static String write(PerfResult r) {
        return write(tree(r));
    }

    /** Any report's tree on one line. */
    static String write(ObjectNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
    }

    static ObjectNode tree(PerfResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        PerfResult.Setup s = r.setup();
        n.put("protocol", "udp");
        n.put("transport", s.transport());
        n.put("capabilities", s.capabilities());
        n.put("size", s.size());
        n.put("batch", s.batch());
        n.put("gso", s.gso());
        n.put("gro", s.gro());
        n.put("sockets", s.sockets());
        n.put("ipv6", s.ipv6());
        if (s.impairments() == null) {
            n.putNull("impairments");
        } else {
            ObjectNode i = n.putObject("impairments");
            i.put("loss_pct", s.impairments().lossPercent());
            i.put("duplicate_pct", s.impairments().duplicatePercent());
            i.put("reorder_pct", s.impairments().reorderPercent());
            i.put("reorder_distance", s.impairments().reorderDistance());
            i.put("seed", s.impairments().seed());
        }
        n.put("warmup_s", r.warmupSeconds());
        n.put("duration_s", r.durationSeconds());
        Arrivals a = r.tally().received();
        ObjectNode d = n.putObject("datagrams");
        d.put("sent", r.tally().sent());
        d.put("unique_received", a.unique());
        d.put("lost", r.tally().lost());
        d.put("duplicated", a.duplicated());
        d.put("out_of_order", a.outOfOrder());
        d.put("late", a.late());
        d.put("unrecognised", a.unrecognised());
        n.put("balance", r.tally().balanceLine());
        number(n, "sent_pps", r.sentPps());
        number(n, "received_pps", r.receivedPps());
        number(n, "sent_gbps", r.sentGbps());
        number(n, "received_gbps", r.receivedGbps());
        counters(n.putObject("drops"), r.drops());
        counters(n.putObject("events"), r.events());
        number(n, "datagrams_per_send_call", r.datagramsPerSendCall());
        number(n, "sender_cpu_ns_per_datagram", r.costs().senderCpuNsPerDatagram());
        number(n, "receiver_cpu_ns_per_datagram", r.costs().receiverCpuNsPerDatagram());
        number(n, "allocated_bytes_per_datagram", r.costs().allocatedBytesPerDatagram());
        ObjectNode rtt = n.putObject("rtt_us");
        rtt.put("samples", r.rtt().samples());
        number(rtt, "p50", r.rtt().p50Micros());
        number(rtt, "p99", r.rtt().p99Micros());
        number(rtt, "p999", r.rtt().p999Micros());
        NetworkStats net = r.network();
        if (net == null) {
            n.putNull("loopback_network");
        } else {
            ObjectNode l = n.putObject("loopback_network");
            l.put("sent", net.sent());
            l.put("duplicated", net.duplicated());
            l.put("received", net.received());
            l.put("dropped", net.dropped());
            l.put("in_flight", net.inFlight());
        }
        return n;
    }

    /** A number, or null when it could not be measured (JSON has no NaN). */
    /** The round-trip keys both latency reports write: {@code rtt_min_us} to {@code rtt_max_us}. */
    static void roundTrips(ObjectNode n, double min, double mean, double p50, double p99, double p999, double max) {
        number(n, "rtt_min_us", min);
        number(n, "rtt_mean_us", mean);
        number(n, "rtt_p50_us", p50);
        number(n, "rtt_p99_us", p99);
        number(n, "rtt_p999_us", p999);
        number(n, "rtt_max_us", max);
    }

    static void number(ObjectNode n, String key, double value) {
        if (Double.isFinite(value)) {
            n.put(key, value);
        } else {
            n.putNull(key);
        }
    }

    private static void counters(ObjectNode n, Map<? extends Enum<?>, Long> counts) {
        counts.forEach((k, v) -> n.put(k.name().toLowerCase(Locale.ROOT), v));
    }
}
