package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A stream's received bytes, cut into frames: one native buffer that reads append to and frames
 * are decoded from in place. Frames are checked by the {@link Framer} as soon as their bytes
 * arrive (so garbage closes the connection at once), and decoded only when taken.
 *
 * <p><b>Flyweights.</b> The frame last taken stays where it is, at the window's start, until
 * {@link #releaseTaken()} (the next receive): reads only append behind it, and only
 * {@code releaseTaken} moves bytes (compaction), so a view over it stays valid until then.
 *
 * <p>Not thread-safe: the receive side's lock guards it. Allocation-free after construction.
 */
final class InboundFrames implements Inbound {

    private final Framer framer;
    private final int maxFrame;
    private final DatagramBuffer buffer;
    /** Length of the frame last taken, still at the window's start. */
    private int taken;
    /** Absolute offset in the segment just past the last complete frame found. */
    private int scannedEnd;
    /** Bytes of the partial frame after {@link #scannedEnd} that the framer already examined (its resume hint). */
    private int examined;
    /** Complete frames between the taken one and {@link #scannedEnd}. */
    private int completeFrames;
    /** When the first byte of the incomplete frame at the end arrived ({@code System.nanoTime}), 0 if none. */
    private volatile long partialSinceNanos;

    private final StreamTransport transport;

    InboundFrames(Framer framer, StreamTransport transport) {
        this.transport = transport;
        this.framer = framer;
        this.maxFrame = framer.maxFrameSize();
        // Room for one whole frame behind any partial one, plus a margin to read several small frames at once.
        int margin = Math.min(Math.max(maxFrame, 16 * 1024), 256 * 1024);
        this.buffer = DatagramBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, (long) maxFrame + margin), 0);
    }

    /**
     * One read of the socket into the tailroom; the frames it completes are checked at once.
     *
     * @return bytes read, 0 when nothing was waiting (or no room), -1 at end of stream
     * @throws FramingException if the bytes cannot be frames; frames complete before them stay takeable
     */
    @Override
    public int pull() throws IOException {
        int n = buffer.tailroom() == 0 ? 0 : transport.read(buffer);
        if (n > 0) {
            scan();
        }
        return n;
    }

    @Override
    public DatagramBuffer buffer() {
        return buffer;
    }

    /** Checks the frames completed by the bytes read since the last scan. */
    private void scan() throws FramingException {
        boolean completed = false;
        try {
            for (int available; (available = buffer.end() - scannedEnd) > 0; ) {
                // examined: how much of this partial frame earlier scans saw, so a delimiter is sought once
                int length = framer.frameLength(buffer, scannedEnd - buffer.start(), available,
                        Math.min(examined, available));
                if (length == Framer.NEED_MORE) {
                    examined = available;
                    if (available >= maxFrame) {
                        throw new FramingException(available + " bytes without a complete frame: over maxFrameSize "
                                + maxFrame);
                    }
                    break;
                }
                if (length < 0 || length > available || length > maxFrame) {
                    throw new FramingException("the framer reported a frame of " + length + " bytes with "
                            + available + " available (maxFrameSize " + maxFrame + ")");
                }
                scannedEnd += length;
                examined = 0;
                completeFrames++;
                completed = true;
            }
        } finally {
            if (buffer.end() == scannedEnd) {
                partialSinceNanos = 0;
            } else if (completed || partialSinceNanos == 0) {
                partialSinceNanos = System.nanoTime(); // the first byte of a new frame arrived in this read
            }
        }
    }

    /** Whether a complete frame waits to be taken. */
    @Override
    public boolean hasFrame() {
        return completeFrames > 0;
    }

    /**
     * Takes the next complete frame: it starts at payload offset 0 of {@link #buffer()} and stays
     * there until {@link #releaseTaken()}.
     *
     * @return the frame's length
     */
    @Override
    public int takeFrame() throws FramingException {
        if (taken != 0 || completeFrames == 0) {
            throw new IllegalStateException("release the taken frame first, and take only when hasFrame()");
        }
        int length = framer.frameLength(buffer, 0, scannedEnd - buffer.start());
        completeFrames--;
        taken = length;
        return length;
    }

    @Override
    public int peekLength() throws FramingException {
        return completeFrames == 0 ? 0 : framer.frameLength(buffer, taken, scannedEnd - buffer.start() - taken);
    }

    @Override
    public DatagramBuffer peekBuffer() {
        return buffer;
    }

    @Override
    public int peekOffset() {
        return taken;
    }

    @Override
    public void dropPeeked() throws FramingException {
        int length = peekLength();
        if (taken == 0) {
            buffer.advance(length);
        } else { // close the gap behind the taken frame, whose bytes stay where they are
            int from = buffer.start() + taken;
            MemorySegment.copy(buffer.segment(), from + length, buffer.segment(), from, buffer.end() - from - length);
            buffer.setWindow(buffer.start(), buffer.end() - length);
            scannedEnd -= length;
        }
        completeFrames--;
    }

    /** Where the payload starts in the frame at {@code frameOffset}: the framer reads the header when its length varies (FIX). */
    @Override
    public int payloadOffset(int frameOffset, int frameLength) {
        return framer.payloadOffset(buffer, frameOffset, frameLength);
    }

    @Override
    public int payloadLength(int frameOffset, int frameLength) {
        return framer.payloadLength(buffer, frameOffset, frameLength);
    }

    /**
     * Lets go of the frame last taken (views over it die here) and makes room: back to the start
     * when empty; else, when the room behind is short of a frame, the rest moves to the front if
     * that is only a partial frame or half the buffer is consumed already (so the copying is paid
     * for by as many bytes consumed, not once per frame).
     */
    @Override
    public void releaseTaken() {
        if (taken > 0) {
            buffer.advance(taken);
            taken = 0;
        }
        if (buffer.isEmpty()) {
            buffer.reset();
            scannedEnd = buffer.start();
        } else if (buffer.tailroom() < maxFrame && buffer.start() > 0
                && (completeFrames == 0 || buffer.start() >= buffer.size() / 2)) {
            int shift = buffer.start();
            int length = buffer.length();
            MemorySegment.copy(buffer.segment(), shift, buffer.segment(), 0, length);
            buffer.setWindow(0, length);
            scannedEnd -= shift;
        }
    }

    /** Drops every byte not yet taken (the stream cannot be trusted past a bad frame). */
    @Override
    public void discardUntaken() {
        buffer.setWindow(buffer.start(), buffer.start() + taken);
        scannedEnd = buffer.end();
        examined = 0;
        completeFrames = 0;
        partialSinceNanos = 0;
    }

    /** Bytes of the incomplete frame at the end. */
    @Override
    public int partialBytes() {
        return buffer.end() - scannedEnd;
    }

    /** When the incomplete frame at the end started arriving, 0 if there is none. Any thread. */
    @Override
    public long partialSinceNanos() {
        return partialSinceNanos;
    }

    /** Restarts the clock of the incomplete frame (reading was paused, not the peer slow). */
    @Override
    public void restartPartialClock() {
        if (partialSinceNanos != 0) {
            partialSinceNanos = System.nanoTime();
        }
    }

    /** Whether a read could append anything. */
    @Override
    public boolean hasRoom() {
        return buffer.tailroom() > 0;
    }

    /**
     * Whether a paused read should resume: any room when no complete frame is buffered (the
     * receiver waits for the rest of one), else a quarter of the buffer, so a slow receiver does not
     * make the poller pause and resume for every frame.
     */
    @Override
    public boolean hasRoomToResume() {
        return buffer.tailroom() > 0 && (completeFrames == 0 || buffer.tailroom() >= buffer.size() / 4);
    }
}
