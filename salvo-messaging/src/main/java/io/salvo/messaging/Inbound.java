package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

import java.io.IOException;

/**
 * Where a {@link ReceiveSide} takes frames from: a stream's bytes ({@link InboundFrames}) or a
 * queue of datagrams ({@link DatagramInbound}). A taken frame stays valid (decoded views over it
 * too) until {@link #releaseTaken()}. Not thread-safe: the receive side's lock guards it.
 */
interface Inbound {

    /**
     * Reads what the source has now, on the receiving thread (a stream reads its socket once; a
     * datagram queue is filled by the poller and reads nothing).
     *
     * @return bytes read, 0 for none, -1 at end of stream
     * @throws FramingException if the bytes cannot be frames
     */
    int pull() throws IOException;

    boolean hasFrame();

    /** Takes the next frame: it is at payload offset 0 of {@link #buffer()}; returns its length. */
    int takeFrame() throws FramingException;

    /** The buffer holding the frame last taken. */
    DatagramBuffer buffer();

    /** Where the payload of the frame of {@code frameLength} bytes at {@code frameOffset} starts, relative to the frame. */
    int payloadOffset(int frameOffset, int frameLength);

    /** How long the payload of the frame of {@code frameLength} bytes at {@code frameOffset} is. */
    int payloadLength(int frameOffset, int frameLength);

    /** The length of the next frame not yet taken, or 0 when there is none: a look without taking it. */
    int peekLength() throws FramingException;

    /** The buffer holding the next frame not yet taken (after {@link #peekLength()} said there is one). */
    DatagramBuffer peekBuffer();

    /** Where the next frame not yet taken starts in {@link #peekBuffer()}'s payload. */
    int peekOffset();

    /** Removes the next frame not yet taken (one the protocol consumed); the taken frame stays as it is. */
    void dropPeeked() throws FramingException;

    /** Lets go of the frame last taken (views over it die) and makes room. */
    void releaseTaken();

    /** Drops every frame not yet taken (the source cannot be trusted past a bad one). */
    void discardUntaken();

    /** Whether a pull could add anything (false: reading should pause until a receive makes room). */
    boolean hasRoom();

    /** Whether a paused source has room enough to resume. */
    boolean hasRoomToResume();

    /** Bytes of an incomplete frame held (streams), else 0. */
    int partialBytes();

    /** When the incomplete frame held started arriving, 0 if none; any thread. */
    long partialSinceNanos();

    /** Restarts the incomplete frame's clock (reading was paused by us, not slowed by the peer). */
    void restartPartialClock();
}
