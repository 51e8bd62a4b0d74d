package io.salvo.transport;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a transport's counters. Taking one is cheap (a few volatile reads and one small
 * allocation) and safe from any thread while I/O runs; counters are read one by one, so a
 * snapshot taken mid-batch may be off by that batch, never more.
 *
 * @param datagramsSent      datagrams handed to the kernel (a GSO super-buffer counts each segment)
 * @param bytesSent          payload bytes of those datagrams
 * @param datagramsReceived  datagrams delivered to the caller (truncated ones included)
 * @param bytesReceived      payload bytes delivered
 * @param sendCalls          send system calls (or simulated equivalents) made
 * @param receiveCalls       receive system calls made, empty ones included
 * @param drops              datagrams lost or damaged, by cause (every cause present, zero or not)
 */
public record SocketStats(
        long datagramsSent,
        long bytesSent,
        long datagramsReceived,
        long bytesReceived,
        long sendCalls,
        long receiveCalls,
        Map<DropCause, Long> drops) {

    public SocketStats {
        EnumMap<DropCause, Long> copy = new EnumMap<>(DropCause.class);
        for (DropCause c : DropCause.values()) {
            copy.put(c, drops.getOrDefault(c, 0L));
        }
        drops = java.util.Collections.unmodifiableMap(copy);
    }

    /** Count for one cause. */
    public long drops(DropCause cause) {
        return drops.get(cause);
    }

    /** All drops added up (GSO fallbacks excluded: those datagrams were resent, not lost). */
    public long totalDrops() {
        long sum = 0;
        for (Map.Entry<DropCause, Long> e : drops.entrySet()) {
            if (e.getKey() != DropCause.GSO_FALLBACK) {
                sum += e.getValue();
            }
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
        boolean any = false;
        for (Map.Entry<DropCause, Long> e : drops.entrySet()) {
            if (e.getValue() != 0) {
                sb.append(' ').append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append('=').append(e.getValue());
                any = true;
            }
        }
        return any ? sb.toString() : sb.append(" none").toString();
    }
}
