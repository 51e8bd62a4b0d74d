package io.salvo.perf;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of several sockets added up: drops by cause (datagrams lost), events by kind
 * (things that lost nothing) and send calls. Every cause and kind is present, zero or not.
 */
record SocketTotals(Map<DropCause, Long> drops, Map<TransportEvent, Long> events, long sendCalls) {

    static SocketTotals of(List<? extends DatagramTransport> transports) {
        EnumMap<DropCause, Long> drops = new EnumMap<>(DropCause.class);
        EnumMap<TransportEvent, Long> events = new EnumMap<>(TransportEvent.class);
        for (DropCause c : DropCause.values()) {
            drops.put(c, 0L);
        }
        for (TransportEvent e : TransportEvent.values()) {
            events.put(e, 0L);
        }
        long calls = 0;
        for (DatagramTransport t : transports) {
            SocketStats s = t.stats();
            s.drops().forEach((c, n) -> drops.merge(c, n, Long::sum));
            s.events().forEach((e, n) -> events.merge(e, n, Long::sum));
            calls += s.sendCalls();
        }
        return new SocketTotals(Collections.unmodifiableMap(drops), Collections.unmodifiableMap(events), calls);
    }
}
