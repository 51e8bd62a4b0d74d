package io.salvo.transport;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of a transport's counters. Taking one is cheap (a few volatile reads and two small
 * allocations) and safe from any thread while I/O runs; counters are read one by one, so a
 * snapshot taken mid-batch may be off by that batch, never more.
 *
 * <p><b>The balance.</b> Every datagram is accounted for exactly once, on each side:
 * <ul>
 *   <li>Send side: datagrams the application handed over and that Salvo finished with =
 *       {@link #datagramsSent} + the send-side {@link #drops} (would-block given up, refused,
 *       unreachable, access denied, oversize, other errors). Datagrams still held by the caller
 *       (slots left {@link SendStatus#PENDING}, an {@code offer} that returned would-block) are
 *       in neither: they are the caller's to retry, and each such stop is a
 *       {@link TransportEvent#SEND_BUFFER_FULL} event.</li>
 *   <li>Receive side: datagrams that reached the socket = {@link #datagramsReceived} (truncated
 *       ones included, and also counted under {@link DropCause#TRUNCATED}) +
 *       {@link DropCause#KERNEL_RECEIVE_OVERFLOW} (the kernel's own tally, where the socket
 *       reports it) + datagrams still queued.</li>
 * </ul>
 * {@link #events} count things that lost nothing (GSO fallbacks, back pressure, cut control data),
 * so {@link #totalDrops()} is datagrams lost or damaged and nothing else.
 *
 * @param datagramsSent      datagrams handed to the kernel (a GSO super-buffer counts each segment)
 * @param bytesSent          payload bytes of those datagrams
 * @param datagramsReceived  datagrams delivered to the caller (truncated ones included)
 * @param bytesReceived      payload bytes delivered
 * @param sendCalls          send system calls (or simulated equivalents) made
 * @param receiveCalls       receive system calls made, empty ones included
 * @param drops              datagrams lost or damaged, by cause (every cause present, zero or not)
 * @param events             occurrences that lost nothing, by kind (every kind present, zero or not)
 */
public record SocketStats(
        long datagramsSent,
        long bytesSent,
        long datagramsReceived,
        long bytesReceived,
        long sendCalls,
        long receiveCalls,
        Map<DropCause, Long> drops,
        Map<TransportEvent, Long> events) {

    public SocketStats {
        drops = complete(DropCause.class, drops);
        events = complete(TransportEvent.class, events);
    }

    private static <K extends Enum<K>> Map<K, Long> complete(Class<K> type, Map<K, Long> given) {
        EnumMap<K, Long> copy = new EnumMap<>(type);
        for (K k : type.getEnumConstants()) {
            copy.put(k, given.getOrDefault(k, 0L));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Count for one cause. */
    public long drops(DropCause cause) {
        return drops.get(cause);
    }

    /** Count for one event. */
    public long events(TransportEvent event) {
        return events.get(event);
    }

    /** Datagrams lost or damaged, all causes added up. */
    public long totalDrops() {
        long sum = 0;
        for (long v : drops.values()) {
            sum += v;
        }
        return sum;
    }

    /** Average datagrams per send call, or 0 before the first call. */
    public double datagramsPerSendCall() {
        return sendCalls == 0 ? 0 : (double) datagramsSent / sendCalls;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder()
                .append("sent ").append(datagramsSent).append(" dgrams/").append(bytesSent).append(" B in ")
                .append(sendCalls).append(" calls; received ").append(datagramsReceived).append(" dgrams/")
                .append(bytesReceived).append(" B in ").append(receiveCalls).append(" calls; drops");
        appendNonZero(sb, drops);
        sb.append("; events");
        appendNonZero(sb, events);
        return sb.toString();
    }

    private static void appendNonZero(StringBuilder sb, Map<? extends Enum<?>, Long> counts) {
        boolean any = false;
        for (Map.Entry<? extends Enum<?>, Long> e : counts.entrySet()) {
            if (e.getValue() != 0) {
                sb.append(' ').append(e.getKey().name().toLowerCase(Locale.ROOT)).append('=').append(e.getValue());
                any = true;
            }
        }
        if (!any) {
            sb.append(" none");
        }
    }
}
