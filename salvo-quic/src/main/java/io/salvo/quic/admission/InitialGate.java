package io.salvo.quic.admission;

import io.salvo.quic.kwik.DatagramGate;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.LongAdder;

/**
 * The streamer's first line against floods, run on each datagram before Kwik copies and parses it
 * (see {@link DatagramGate}): drops what cannot be QUIC v1 (too short, fixed bit clear), Initial
 * datagrams shorter than the 1,200 bytes RFC 9000 §14.1 requires, and Initial datagrams beyond a
 * per-second budget (a token bucket holding one second's worth). Each cause is counted.
 *
 * <p>Initial packets are what make a server create connection state, and anyone can send them
 * from any source address; the budget caps that cost. Well-behaved clients whose Initial is dropped
 * retransmit it. Used by the receiving thread only; the counters may be read from any thread.
 */
public final class InitialGate implements DatagramGate {

    private static final int MIN_SHORT_HEADER = 1 + 8 + 1 + 16; // flags, Salvo's 8-byte CID, pn, AEAD tag
    private static final int MIN_INITIAL_DATAGRAM = 1200;
    private static final int QUIC_V1 = 1;

    private final long initialsPerSecond;
    private double tokens;
    private long lastRefillNanos;

    private final LongAdder malformed = new LongAdder();
    private final LongAdder shortInitials = new LongAdder();
    private final LongAdder initialsOverBudget = new LongAdder();
    private final LongAdder initialsAdmitted = new LongAdder();

    public InitialGate(long initialsPerSecond) {
        this.initialsPerSecond = initialsPerSecond;
        this.tokens = initialsPerSecond;
        this.lastRefillNanos = System.nanoTime();
    }

    @Override
    public boolean admit(MemorySegment payload, int length, long nowNanos) {
        if (length < MIN_SHORT_HEADER) {
            malformed.increment();
            return false;
        }
        int flags = payload.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
        if ((flags & 0x40) == 0) {
            malformed.increment(); // fixed bit clear: not QUIC v1/v2 (a version negotiation reply is never sent to a server)
            return false;
        }
        if ((flags & 0x80) == 0) {
            return true; // short header: Kwik drops unknown connection IDs cheaply
        }
        int version = payload.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 1);
        boolean initial = version == QUIC_V1 && ((flags & 0x30) >>> 4) == 0;
        if (!initial) {
            return true;
        }
        if (length < MIN_INITIAL_DATAGRAM) {
            shortInitials.increment();
            return false;
        }
        refill(nowNanos);
        if (tokens < 1) {
            initialsOverBudget.increment();
            return false;
        }
        tokens -= 1;
        initialsAdmitted.increment();
        return true;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(initialsPerSecond, tokens + elapsed * (initialsPerSecond / 1e9));
            lastRefillNanos = nowNanos;
        }
    }

    /** Datagrams that cannot be QUIC: too short or fixed bit clear. */
    public long malformed() { return malformed.sum(); }
    /** Initial datagrams under 1,200 bytes. */
    public long shortInitials() { return shortInitials.sum(); }
    /** Initial datagrams beyond the per-second budget. */
    public long initialsOverBudget() { return initialsOverBudget.sum(); }
    /** Initial datagrams let through. */
    public long initialsAdmitted() { return initialsAdmitted.sum(); }
}
