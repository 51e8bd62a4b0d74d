package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.SequenceHeader;

/**
 * Counts one connection's {@link Length32} frames where they landed in the read buffer: every
 * frame is a message; a data frame (type byte 0 and at least {@link SequenceHeader#BYTES} of
 * payload) also has its stamp read, counted as measured or not by its own measured bit, and its
 * sequence number checked against the previous one (a stream delivers in order and whole, so any
 * gap or repeat means damage). A frame is counted as soon as its first bytes (its length and
 * header) are in; the rest is skipped as it arrives, so frames of any size pass through a buffer
 * of any size, and at most a few bytes of a header are ever left for the next read.
 *
 * <p>The receiving thread calls {@link #consume} after each read and {@link #publish} when it
 * likes; other threads read the published counts. Allocation-free.
 */
public final class FrameCounter {

    /** {@link #pendingControl()} when the walk stopped for want of bytes. */
    public static final int NONE = -1;

    private final boolean controls;
    private long frames;
    private long measured;
    private long outOfSequence;
    private long unrecognised;
    private long payloadBytes;
    private long expectedSequence;
    /** Bytes of an oversized frame still to discard. */
    private long skip;
    private int pendingControl = NONE;

    private volatile long framesPublished;
    private volatile long measuredPublished;
    private volatile long outOfSequencePublished;
    private volatile long unrecognisedPublished;
    private volatile long payloadBytesPublished;

    /**
     * @param controls stop in front of {@link StreamWire} control frames for the caller to handle
     *                 (a server); without, they are counted as unrecognised messages
     */
    public FrameCounter(boolean controls) {
        this.controls = controls;
    }

    /**
     * Counts the frames at the front of the buffer's payload and advances past them (past all of
     * it, when the last frame's header is in). Stops where the bytes run out (fewer than a frame's
     * length and header stay for the next read), or in front of a control frame, whose type
     * {@link #pendingControl()} then tells.
     *
     * @throws FramingException if a frame declares an impossible length
     */
    public void consume(DatagramBuffer b) throws FramingException {
        int length = b.length();
        int pos = 0;
        pendingControl = NONE;
        if (skip > 0) {
            int n = (int) Math.min(skip, length);
            skip -= n;
            pos = n;
        }
        while (length - pos >= Length32.HEADER) {
            int frame = Length32.payloadLength(b, pos);
            int at = pos + Length32.HEADER;
            int available = length - at;
            if (available >= frame) {
                if (controls) {
                    int control = StreamWire.controlType(b, at, frame);
                    if (control == StreamWire.REPORT || (control == StreamWire.ECHO && frames == 0)) {
                        pendingControl = control;
                        break;
                    }
                }
                count(b, at, frame);
                pos = at + frame;
                continue;
            }
            if (available < Math.min(frame, SequenceHeader.BYTES)) {
                break; // count it once its header is here (a control frame is complete by then)
            }
            // Only the header is read: count the frame now and skip the rest as it arrives, so a
            // partial frame is never moved to the front of the buffer, whatever its size.
            count(b, at, frame);
            skip = frame - available;
            pos = length;
        }
        b.advance(pos);
    }

    private void count(DatagramBuffer b, int at, int length) {
        frames++;
        payloadBytes += length;
        if (length >= SequenceHeader.BYTES && b.getByte(at) == StreamWire.DATA) {
            long stamp = SequenceHeader.read(b, at);
            long sequence = SequenceHeader.sequence(stamp);
            if (sequence != expectedSequence) {
                outOfSequence++;
            }
            expectedSequence = sequence + 1;
            if (SequenceHeader.measured(stamp)) {
                measured++;
            }
        } else {
            unrecognised++;
        }
    }

    /** The control frame the last {@link #consume} stopped in front of, or {@link #NONE}. */
    public int pendingControl() {
        return pendingControl;
    }

    /** Odd while {@link #publish} writes: readers of several counts retry until they see one even value. */
    private volatile int publishing;

    /** Makes the counts so far visible to other threads. */
    public void publish() {
        publishing++; // odd: a consistent read must wait (one writer: the receiving thread)
        framesPublished = frames;
        measuredPublished = measured;
        outOfSequencePublished = outOfSequence;
        unrecognisedPublished = unrecognised;
        payloadBytesPublished = payloadBytes;
        publishing++;
    }

    /**
     * The published counts, all from one {@link #publish}: frames, measured, out of sequence,
     * unrecognised, payload bytes (any thread).
     */
    public long[] publishedCounts() {
        while (true) {
            int before = publishing;
            if ((before & 1) == 0) {
                long[] counts = {framesPublished, measuredPublished, outOfSequencePublished, unrecognisedPublished,
                        payloadBytesPublished};
                if (publishing == before) {
                    return counts;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Frames received, as of the last publish. */
    public long frames() {
        return framesPublished;
    }

    /** Data frames stamped as measured, as of the last publish. */
    public long measured() {
        return measuredPublished;
    }

    public long outOfSequence() {
        return outOfSequencePublished;
    }

    public long unrecognised() {
        return unrecognisedPublished;
    }

    public long payloadBytes() {
        return payloadBytesPublished;
    }

    /** The counts as a report, with the given CPU time; on the receiving thread (it reads the live counts). */
    public ConnectionReport report(long cpuNanos) {
        return new ConnectionReport(frames, measured, outOfSequence, unrecognised, payloadBytes, cpuNanos);
    }
}
