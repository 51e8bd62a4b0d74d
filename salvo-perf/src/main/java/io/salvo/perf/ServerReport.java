package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.Arrivals;

/**
 * What a {@code salvo-perf server} tells its client: {@code REPORT_REPLY}, then seven big-endian
 * longs in the order of the components.
 *
 * @param datagramsReceived every datagram received since the reset (what its CPU time was spent on)
 * @param measured          what arrived of the datagrams the client stamped as measured
 * @param cpuNanos          the server's receive thread CPU time since the reset
 */
record ServerReport(long datagramsReceived, Arrivals measured, long cpuNanos) {

    static final int BYTES = 1 + 7 * Long.BYTES;

    /** Writes the reply into an empty buffer with room for {@link #BYTES}. */
    void writeTo(DatagramBuffer out) {
        out.writeByte(Wire.REPORT_REPLY).writeLong(datagramsReceived).writeLong(measured.unique())
                .writeLong(measured.outOfOrder()).writeLong(measured.duplicated()).writeLong(measured.late())
                .writeLong(measured.unrecognised()).writeLong(cpuNanos);
    }

    /** True if the buffer holds a whole reply. */
    static boolean isReply(DatagramBuffer in) {
        return in.length() >= BYTES && in.getByte(0) == Wire.REPORT_REPLY;
    }

    /** Reads a reply that {@link #isReply} accepted. */
    static ServerReport readFrom(DatagramBuffer in) {
        return new ServerReport(in.getLong(1),
                new Arrivals(in.getLong(9), in.getLong(17), in.getLong(25), in.getLong(33), in.getLong(41)),
                in.getLong(49));
    }
}
