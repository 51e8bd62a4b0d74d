package io.salvo.perf.sequence;

import io.salvo.buffer.DatagramBuffer;

/**
 * The 9 bytes salvo-perf puts at the start of every data datagram: a type byte (the client/server
 * protocol's {@code DATA}, 0) and a big-endian 64-bit stamp. The stamp packs, from the top bit
 * down: whether the datagram was sent in the measured window (1 bit), the sending socket's index
 * (7 bits), and that sender's sequence number (56 bits, from 0, one per datagram).
 *
 * <p>The measured bit is why counts add up: a datagram belongs to the window by when it was
 * <em>sent</em>, and carries that fact with it, so the receiver attributes it (and any copy of it)
 * without knowing when the window began.
 */
public final class SequenceHeader {

    /** Bytes the header takes; the smallest datagram salvo-perf can count. */
    public static final int BYTES = 9;
    /** The type byte of a data datagram. */
    public static final byte DATA = 0;
    /** Senders one receiver can tell apart. */
    public static final int MAX_SENDERS = 128;

    private static final long MEASURED_BIT = 1L << 63;
    private static final int SENDER_SHIFT = 56;
    private static final long SEQUENCE_MASK = (1L << SENDER_SHIFT) - 1;

    private SequenceHeader() {
    }

    /**
     * Writes the header at {@code offset} of the buffer's payload (the buffer's length must already
     * cover it). Allocation-free.
     *
     * @throws IllegalArgumentException if {@code sender} is not in {@code [0, MAX_SENDERS)}
     */
    public static void write(DatagramBuffer buffer, int offset, int sender, boolean measured, long sequence) {
        buffer.setByte(offset, DATA).setLong(offset + 1, stamp(sender, measured, sequence));
    }

    /** The stamp of a datagram; the sequence number wraps within 56 bits (never reached in practice). */
    public static long stamp(int sender, boolean measured, long sequence) {
        if (sender < 0 || sender >= MAX_SENDERS) {
            throw new IllegalArgumentException("sender must be in [0, " + MAX_SENDERS + "), got " + sender);
        }
        return (measured ? MEASURED_BIT : 0) | (long) sender << SENDER_SHIFT | (sequence & SEQUENCE_MASK);
    }

    /** The stamp at {@code offset} of the payload; the caller has checked the type byte and length. */
    public static long read(DatagramBuffer buffer, int offset) {
        return buffer.getLong(offset + 1);
    }

    public static boolean measured(long stamp) {
        return stamp < 0;
    }

    public static int sender(long stamp) {
        return (int) (stamp >>> SENDER_SHIFT) & (MAX_SENDERS - 1);
    }

    public static long sequence(long stamp) {
        return stamp & SEQUENCE_MASK;
    }
}
