package io.salvo.transport.loopback;

import io.salvo.transport.DropCause;

import java.util.Map;

/**
 * Whole-network accounting for a {@link LoopbackNetwork}. The invariant the network keeps, and its
 * tests check: {@code sent + duplicated == received + dropped + inFlight}, where {@code dropped}
 * adds up every cause. Truncated datagrams were delivered (cut short), so they count in
 * {@code received} and, separately, in {@code truncated}.
 *
 * @param sent        datagrams accepted by a send (excludes those refused with WOULD_BLOCK)
 * @param duplicated  extra copies made by duplication impairments
 * @param received    datagrams handed to a receiving endpoint
 * @param truncated   of those, how many were cut short (MTU or receive buffer)
 * @param inFlight    datagrams queued or held back, not yet received
 * @param drops       datagrams lost, by cause
 */
public record NetworkStats(long sent, long duplicated, long received, long truncated, long inFlight,
                           Map<DropCause, Long> drops) {

    public NetworkStats {
        drops = Map.copyOf(drops);
    }

    /** Every drop added up. */
    public long dropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Drops of one cause. */
    public long drops(DropCause cause) {
        return drops.getOrDefault(cause, 0L);
    }

    /** True when every datagram is accounted for. */
    public boolean balanced() {
        return sent + duplicated == received + dropped() + inFlight;
    }
}
