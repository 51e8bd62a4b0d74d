package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

/**
 * Cuts a byte stream into frames and wraps payloads into frames: the one place that knows the wire
 * format's boundaries. A frame is a header, a payload and a trailer (either may be empty): a length
 * prefix is a header, a delimiter such as {@code \n} a trailer.
 *
 * <p><b>Reading.</b> The receive path accumulates bytes in a buffer and asks
 * {@link #frameLength} how long the frame at a position is: a complete frame's length, or
 * {@link #NEED_MORE} when the bytes so far do not decide it yet. A framer reads only the bytes it is
 * given, never past them, and never allocates. Bytes that can never start a valid frame (a negative
 * or oversized length, a frame that runs past {@link #maxFrameSize()} without a delimiter) are a
 * {@link FramingException}: the connection carrying them is closed and counted, never read on.
 * The answer depends on those bytes alone, wherever they sit: more bytes never change a length
 * already given, and bytes once rejected stay rejected. A receive buffer must hold
 * {@link #maxFrameSize()} bytes; {@link #payloadOffset(DatagramBuffer, int, int)} then says where in
 * a frame its payload is.
 *
 * <p><b>Writing.</b> The send path reserves {@link #headerLength()} bytes, lets the codec write the
 * payload after them, appends {@link #trailerLength()} bytes, and calls {@link #writeFrame} to fill
 * header and trailer in place: no copy of the payload.
 *
 * <p>Framers are immutable and thread-safe; the ready-made ones are in {@link Framers}.
 */
public interface Framer {

    /** {@link #frameLength} result: the bytes so far do not finish a frame; read more. */
    int NEED_MORE = 0;

    /** The largest frame (header, payload and trailer) this framer accepts or writes. */
    int maxFrameSize();

    /**
     * The length of the frame that starts at {@code offset} in {@code buffer}'s payload, looking at
     * no more than {@code available} bytes from there.
     *
     * @return the whole frame's length (header + payload + trailer, at most {@link #maxFrameSize()}),
     *         or {@link #NEED_MORE}
     * @throws FramingException if these bytes cannot begin a valid frame
     */
    int frameLength(DatagramBuffer buffer, int offset, int available) throws FramingException;

    /**
     * {@link #frameLength(DatagramBuffer, int, int)} for a receive path that asks again about the same
     * frame after more bytes arrived, and says how many of its bytes were already examined: a framer
     * that scans (a delimiter) resumes near there instead of rescanning from the frame's start, so
     * a frame that trickles in a byte at a time costs linear, not quadratic, scanning. The framer
     * itself stays immutable; the receive path keeps the one {@code int} per connection.
     *
     * <p>{@code examined} must be 0 or the {@code available} of an earlier call for this same frame
     * (the same bytes, wherever they have been moved to since) that returned {@link #NEED_MORE}. Zero
     * is always correct. Framers that do not scan ignore it.
     *
     * @throws IllegalArgumentException if {@code examined} is negative or more than {@code available}
     */
    default int frameLength(DatagramBuffer buffer, int offset, int available, int examined) throws FramingException {
        if (examined < 0 || examined > available) {
            throw new IllegalArgumentException("examined " + examined + " outside [0, " + available + "]");
        }
        return frameLength(buffer, offset, available);
    }

    /**
     * Where the payload starts inside a frame of {@code frameLength} bytes (the header's length), for
     * formats whose header length follows from the frame's length. A format whose header varies with
     * its content (FIX: the digits of BodyLength) throws {@link UnsupportedOperationException} here;
     * generic receive paths call {@link #payloadOffset(DatagramBuffer, int, int)}.
     */
    int payloadOffset(int frameLength);

    /** How long the payload of a frame of {@code frameLength} bytes is; see {@link #payloadOffset(int)}. */
    int payloadLength(int frameLength);

    /**
     * Where the payload starts inside the complete frame of {@code frameLength} bytes at
     * {@code frameOffset} (as returned by {@link #frameLength}): correct for every format, reading
     * the header when its length varies. Allocation-free.
     */
    default int payloadOffset(DatagramBuffer buffer, int frameOffset, int frameLength) {
        return payloadOffset(frameLength);
    }

    /** How long the payload of the complete frame at {@code frameOffset} is; see {@link #payloadOffset(DatagramBuffer, int, int)}. */
    default int payloadLength(DatagramBuffer buffer, int frameOffset, int frameLength) {
        return payloadLength(frameLength);
    }

    /** Bytes to reserve before a payload on the send path. */
    int headerLength();

    /** Bytes to append after a payload on the send path. */
    int trailerLength();

    /**
     * Fills the header and trailer of a frame in place: the header at {@code frameOffset} (payload
     * offset in {@code buffer}), the payload of {@code payloadLength} bytes right after it, and room
     * for the trailer after that.
     *
     * @throws FramingException if the payload does not fit this framer (too long, or containing a
     *         delimiter the format forbids)
     */
    void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException;
}
