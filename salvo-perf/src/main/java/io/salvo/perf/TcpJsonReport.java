package io.salvo.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code --json} document of a {@code --protocol tcp} run; keys and types as docs/salvo-perf.md lists them. */
final class TcpJsonReport {

    private TcpJsonReport() {
    }

    static String write(TcpResult r) {
        return JsonReport.write(tree(r));
    }

    static ObjectNode tree(TcpResult r) {
        ObjectNode n = JsonReport.MAPPER.createObjectNode();
        TcpResult.Setup s = r.setup();
        n.put("protocol", "tcp");
        n.put("framing", s.framing());
        n.put("transport", s.transport());
        n.put("capabilities", s.capabilities());
        n.put("size", s.size());
        n.put("batch", s.batch());
        n.put("sockets", s.sockets());
        n.put("ipv6", s.ipv6());
        n.put("warmup_s", r.warmupSeconds());
        n.put("duration_s", r.durationSeconds());
        TcpResult.Messages m = r.messages();
        ObjectNode messages = n.putObject("messages");
        messages.put("sent", m.sent());
        messages.put("received", m.received());
        messages.put("lost", m.lost());
        messages.put("out_of_sequence", m.outOfSequence());
        messages.put("unrecognised", m.unrecognised());
        n.put("balance", m.balanceLine());
        ObjectNode c = n.putObject("connections");
        c.put("opened", r.connections().opened());
        c.put("broken", r.connections().broken());
        c.put("first_failure", r.connections().firstFailure());
        JsonReport.number(n, "sent_messages_per_s", r.sentPerSecond());
        JsonReport.number(n, "received_messages_per_s", r.receivedPerSecond());
        JsonReport.number(n, "sent_gbps", r.sentGbps());
        JsonReport.number(n, "received_gbps", r.receivedGbps());
        JsonReport.number(n, "messages_per_write_call", r.messagesPerWriteCall());
        n.put("writes_full", r.writesFull());
        JsonReport.number(n, "sender_cpu_ns_per_message", r.costs().senderCpuNsPerMessage());
        JsonReport.number(n, "receiver_cpu_ns_per_message", r.costs().receiverCpuNsPerMessage());
        JsonReport.number(n, "allocated_bytes_per_message", r.costs().allocatedBytesPerMessage());
        ObjectNode rtt = n.putObject("rtt_us");
        rtt.put("samples", r.rtt().samples());
        JsonReport.number(rtt, "p50", r.rtt().p50Micros());
        JsonReport.number(rtt, "p99", r.rtt().p99Micros());
        JsonReport.number(rtt, "p999", r.rtt().p999Micros());
        JsonReport.number(rtt, "max", r.rtt().maxMicros());
        return n;
    }
}
