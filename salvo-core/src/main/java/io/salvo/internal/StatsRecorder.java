package io.salvo.internal;

import io.salvo.transport.DropCause;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The mutable counters behind {@link SocketStats}. Updated once per batch (not per datagram), so
 * an atomic add per counter costs nothing measurable; safe for a send thread and a receive thread
 * updating at once while a third takes snapshots. Allocation-free except {@link #snapshot()}.
 */
public final class StatsRecorder {

    private static final int SENT = 0;
    private static final int BYTES_SENT = 1;
    private static final int RECEIVED = 2;
    private static final int BYTES_RECEIVED = 3;
    private static final int SEND_CALLS = 4;
    private static final int RECEIVE_CALLS = 5;
    private static final int FIRST_DROP = 6;
    private static final DropCause[] CAUSES = DropCause.values();
    private static final int FIRST_EVENT = FIRST_DROP + CAUSES.length;
    private static final TransportEvent[] EVENTS = TransportEvent.values();

    private final AtomicLongArray counters = new AtomicLongArray(FIRST_EVENT + EVENTS.length);

    public void sent(long datagrams, long bytes) {
        if (datagrams != 0) {
            counters.getAndAdd(SENT, datagrams);
            counters.getAndAdd(BYTES_SENT, bytes);
        }
    }

    public void received(long datagrams, long bytes) {
        if (datagrams != 0) {
            counters.getAndAdd(RECEIVED, datagrams);
            counters.getAndAdd(BYTES_RECEIVED, bytes);
        }
    }

    public void sendCall() {
        counters.getAndIncrement(SEND_CALLS);
    }

    public void receiveCall() {
        counters.getAndIncrement(RECEIVE_CALLS);
    }

    public void drop(DropCause cause, long count) {
        if (count != 0) {
            counters.getAndAdd(FIRST_DROP + cause.ordinal(), count);
        }
    }

    public void event(TransportEvent event, long count) {
        if (count != 0) {
            counters.getAndAdd(FIRST_EVENT + event.ordinal(), count);
        }
    }

    /**
     * Takes a running total the kernel keeps (SO_RXQ_OVFL's, or SO_MEMINFO's drop count): the
     * counter becomes the larger of what it was and {@code total}, so a stale reading from one
     * source never moves it back.
     */
    public void dropTotalFromKernel(DropCause cause, long total) {
        counters.accumulateAndGet(FIRST_DROP + cause.ordinal(), total, Math::max);
    }

    public SocketStats snapshot() {
        EnumMap<DropCause, Long> drops = new EnumMap<>(DropCause.class);
        for (DropCause c : CAUSES) {
            drops.put(c, counters.get(FIRST_DROP + c.ordinal()));
        }
        EnumMap<TransportEvent, Long> events = new EnumMap<>(TransportEvent.class);
        for (TransportEvent e : EVENTS) {
            events.put(e, counters.get(FIRST_EVENT + e.ordinal()));
        }
        return new SocketStats(counters.get(SENT), counters.get(BYTES_SENT), counters.get(RECEIVED),
                counters.get(BYTES_RECEIVED), counters.get(SEND_CALLS), counters.get(RECEIVE_CALLS), drops, events);
    }
}
