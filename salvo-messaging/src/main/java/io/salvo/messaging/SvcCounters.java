package io.salvo.messaging;

import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** A service's counters: accepted, closed by cause, and the totals of the connections it closed. Thread-safe. */
final class SvcCounters {

    private final LongAdder accepted = new LongAdder();
    private final AtomicLongArray closedBy = new AtomicLongArray(CloseCause.values().length);
    private long messagesIn;
    private long messagesOut;
    private long bytesIn;
    private long bytesOut;
    private long rejected;
    private long lost;
    private long dropped;

    void accepted() {
        accepted.increment();
    }

    /** Counts a close; returns the count for that cause so far. */
    long closed(CloseCause cause) {
        return closedBy.incrementAndGet(cause.ordinal());
    }

    /** Adds a closed connection's last counters to the totals. */
    synchronized void retire(ConnectionStats s) {
        messagesIn += s.messagesIn();
        messagesOut += s.messagesOut();
        bytesIn += s.bytesIn();
        bytesOut += s.bytesOut();
        rejected += s.rejected();
        lost += s.lost();
        dropped += s.dropped();
    }

    /** The totals plus the live connections' counters. */
    synchronized SvcStats snapshot(List<ConnectionStats> live) {
        long in = messagesIn;
        long out = messagesOut;
        long bIn = bytesIn;
        long bOut = bytesOut;
        long rej = rejected;
        long lst = lost;
        long drp = dropped;
        for (ConnectionStats s : live) {
            in += s.messagesIn();
            out += s.messagesOut();
            bIn += s.bytesIn();
            bOut += s.bytesOut();
            rej += s.rejected();
            lst += s.lost();
            drp += s.dropped();
        }
        EnumMap<CloseCause, Long> by = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
            by.put(c, closedBy.get(c.ordinal()));
        }
        return new SvcStats(live.size(), accepted.sum(), in, out, bIn, bOut, rej, lst, drp, by);
    }
}
