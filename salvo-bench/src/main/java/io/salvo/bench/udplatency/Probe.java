package io.salvo.bench.udplatency;

import java.nio.ByteBuffer;

/**
 * The datagram every system sends: an 8-byte big-endian sequence number (0, 1, 2, ... per run),
 * then a fixed pattern, the same bytes as {@code udplatency.c} sends. Every client compares each
 * echo with its probe byte for byte; a difference fails the run.
 */
final class Probe {

    /** The smallest probe: room for the sequence number. */
    static final int MIN_SIZE = 8;
    /** The largest UDP payload over IPv4. */
    static final int MAX_SIZE = 65_507;
    /** Receive buffers: any datagram fits, so a wrong-sized echo is seen whole, not truncated. */
    static final int RECEIVE_CAPACITY = 65_536;
    /** How long a client waits for one echo before the run fails: loopback does not lose a lone datagram. */
    static final long ECHO_TIMEOUT_NANOS = 1_000_000_000L;

    private Probe() {
    }

    /** Payload byte {@code i} past the sequence number. */
    static byte pattern(int i) {
        return (byte) (i * 31 + 7);
    }

    /** A heap or direct buffer of {@code size} probe bytes, sequence 0, position 0. */
    static ByteBuffer fill(ByteBuffer b, int size) {
        b.clear().limit(size);
        b.putLong(0, 0);
        for (int i = MIN_SIZE; i < size; i++) {
            b.put(i, pattern(i));
        }
        return b;
    }

    /** A client met an echo that is not its probe. */
    static IllegalStateException differs(long sequence, int length, int size) {
        return new IllegalStateException("echo " + sequence + " differs from the probe (" + length + " bytes back for " + size + ")");
    }

    /** A client waited {@link #ECHO_TIMEOUT_NANOS} for an echo. */
    static IllegalStateException missing(long sequence) {
        return new IllegalStateException("no echo of probe " + sequence + " within " + ECHO_TIMEOUT_NANOS / 1_000_000 + " ms");
    }
}
