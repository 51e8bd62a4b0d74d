package io.salvo.perf;

import io.salvo.perf.sequence.SequenceHeader;

/**
 * The tiny protocol between {@code salvo-perf client} and {@code salvo-perf server}: the first
 * payload byte says what a datagram is. Data goes on one socket; control and pings on another, so
 * GRO never merges a control datagram into a data super-buffer (GRO coalesces per flow).
 */
final class Wire {
    private Wire() {
    }

    /** Throughput payload, starting with a {@link SequenceHeader}; counted by the server. */
    static final byte DATA = SequenceHeader.DATA;
    /** Round-trip probe; echoed unchanged. */
    static final byte PING = 1;
    /**
     * Start counting afresh: RESET then a long nonce, answered with the same bytes. A repeated RESET
     * with the nonce already in force (a retry) does not zero the counters again.
     */
    static final byte RESET = 2;
    /** Ask for the counters; answered with a {@link ServerReport}. */
    static final byte REPORT = 3;
    static final byte REPORT_REPLY = 4;
}
