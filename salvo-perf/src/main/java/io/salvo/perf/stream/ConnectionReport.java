package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;

/**
 * What a {@code salvo-perf server} tells a client about one connection when asked
 * ({@link StreamWire#REPORT}): a frame whose payload is {@link StreamWire#REPORT_REPLY} and six
 * big-endian longs in the order of the components. Counts cover the connection's whole life up to
 * the request.
 *
 * @param frames        every frame received (what the CPU time was spent on)
 * @param measured      data frames stamped as sent in the measured window
 * @param outOfSequence data frames whose sequence number was not the next one
 * @param unrecognised  frames without a sequence header
 * @param payloadBytes  payload bytes of all frames (length fields not included)
 * @param cpuNanos      CPU time of the connection's receiving thread, or -1 if unknown
 */
public record ConnectionReport(long frames, long measured, long outOfSequence, long unrecognised, long payloadBytes,
                               long cpuNanos) {

    /** Payload bytes of the reply. */
    public static final int PAYLOAD = 1 + 6 * Long.BYTES;

    /** Appends the reply frame (length field and payload) to the buffer's payload. */
    public void writeFrame(DatagramBuffer out) {
        out.writeInt(PAYLOAD).writeByte(StreamWire.REPORT_REPLY).writeLong(frames).writeLong(measured)
                .writeLong(outOfSequence).writeLong(unrecognised).writeLong(payloadBytes).writeLong(cpuNanos);
    }

    /** True if the frame whose payload starts at {@code at}, {@code length} bytes long, is a reply. */
    public static boolean isReply(DatagramBuffer b, int at, int length) {
        return length == PAYLOAD && b.getByte(at) == StreamWire.REPORT_REPLY;
    }

    /** Reads a reply that {@link #isReply} accepted. */
    public static ConnectionReport readFrom(DatagramBuffer b, int at) {
        return new ConnectionReport(b.getLong(at + 1), b.getLong(at + 9), b.getLong(at + 17), b.getLong(at + 25),
                b.getLong(at + 33), b.getLong(at + 41));
    }
}
