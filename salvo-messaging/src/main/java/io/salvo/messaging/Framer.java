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

    /** Where the payload starts inside a frame of {@code frameLength} bytes (the header's length). */
    int payloadOffset(int frameLength);

    /** How long the payload of a frame of {@code frameLength} bytes is. */
    int payloadLength(int frameLength);

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
