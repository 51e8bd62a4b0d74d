package io.salvo.messaging;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a service's counters: its live connections' and those of every connection it
 * closed, summed.
 *
 * @param live         connections open now (logging in or ready)
 * @param accepted     connections accepted, those closed at once for capacity included
 * @param messagesIn   messages decoded on all its connections
 * @param messagesOut  messages queued on all its connections
 * @param bytesIn      bytes read on all its connections
 * @param bytesOut     bytes written on all its connections
 * @param rejected     messages dropped by {@link ProtocolHooks#reject}
 * @param lost         datagrams the sequence numbers show missing (datagram services)
 * @param dropped      datagrams dropped on arrival (datagram services)
 * @param closedBy     closed connections by cause (every cause present, zero when none)
 */
public record SvcStats(
        int live,
        long accepted,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        long rejected,
        long lost,
        long dropped,
        Map<CloseCause, Long> closedBy) {

    public SvcStats {
        EnumMap<CloseCause, Long> all = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
            all.put(c, closedBy.getOrDefault(c, 0L));
        }
        closedBy = Collections.unmodifiableMap(all);
    }

    /** Connections closed for {@code cause}. */
    public long closed(CloseCause cause) {
        return closedBy.get(cause);
    }

    /** Connections accepted and closed at once because the service was at {@link MessagingConfig#maxConnections()}. */
    public long overCapacity() {
        return closed(CloseCause.OVER_CAPACITY);
    }
}
