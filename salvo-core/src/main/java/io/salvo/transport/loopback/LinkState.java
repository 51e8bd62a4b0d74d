package io.salvo.transport.loopback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutable side of one direction of a simulated link: its own random stream (so one link's
 * fate does not depend on traffic on another), the loss-burst state, when the link is next free,
 * and the datagrams held back for reordering. Guarded by the network's lock.
 */
final class LinkState {
    /** The receiving end's address. */
    final java.net.SocketAddress to;
    LinkConditions conditions;
    final SplittableRandom random;
    boolean inBurst;
    long busyUntilNanos;
    /** Times at which queued datagrams finish leaving the link, oldest first. */
    final ArrayDeque<Long> departures = new ArrayDeque<>();
    final List<InFlightDatagram> heldBack = new ArrayList<>();

    LinkState(java.net.SocketAddress to, LinkConditions conditions, long seed) {
        this.to = to;
        this.conditions = conditions;
        this.random = new SplittableRandom(seed);
    }

    /** Decides loss for the next datagram, advancing the burst state. */
    boolean lose() {
        LinkConditions c = conditions;
        if (c.burstEnterRate() > 0) {
            inBurst = inBurst ? !(random.nextDouble() < c.burstExitRate()) : random.nextDouble() < c.burstEnterRate();
        }
        if (inBurst && random.nextDouble() < c.burstLossRate()) {
            return true;
        }
        return c.lossRate() > 0 && random.nextDouble() < c.lossRate();
    }

    boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    long jitter() {
        long j = conditions.jitterNanos();
        return j == 0 ? 0 : random.nextLong(j);
    }

    /** Datagrams still waiting to leave the link at {@code now}. */
    int queued(long now) {
        while (!departures.isEmpty() && departures.peekFirst() <= now) {
            departures.pollFirst();
        }
        return departures.size();
    }

    /**
     * Reserves the link for {@code bytes}; returns when the last bit leaves. Without a rate limit
     * the datagram leaves at once.
     */
    long transmit(long now, int bytes) {
        long bps = conditions.bitsPerSecond();
        if (bps == 0) {
            return now;
        }
        long txNanos = Math.max(1, Math.ceilDiv((long) bytes * 8L * 1_000_000_000L, bps));
        long begin = Math.max(now, busyUntilNanos);
        busyUntilNanos = begin + txNanos;
        if (conditions.queueLimit() > 0) {
            departures.addLast(busyUntilNanos);
        }
        return busyUntilNanos;
    }
}
