package io.salvo.messaging.testing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The receive path of a stream connection, in miniature: bytes arrive in chunks of any size and are
 * appended to one {@link DatagramBuffer}; complete frames are cut at a read index and copied out;
 * the undecided rest is moved to the front (compacted) only when the tailroom runs out. With
 * {@code passExamined} it hands the framer the bytes already examined, as a real connection would.
 *
 * <p>Also checks each answer against the {@link Framer} contract: a frame length within
 * {@code [1, min(available, maxFrameSize)]}, a payload inside the frame.
 */
public final class StreamReceiver {

    private final Framer framer;
    private final DatagramBuffer buffer;
    private final boolean passExamined;
    private int readIndex;
    private int examined;
    private int compactions;
    private final List<byte[]> frames = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();

    /**
     * @param capacity the buffer's capacity: at least {@code framer.maxFrameSize()}
     * @param headroom bytes before the payload, so payload offsets are not segment offsets
     */
    public StreamReceiver(Framer framer, int capacity, int headroom, boolean passExamined) {
        if (capacity < framer.maxFrameSize()) {
            throw new IllegalArgumentException("capacity " + capacity + " below the max frame " + framer.maxFrameSize());
        }
        this.framer = framer;
        this.buffer = DatagramBuffer.allocate(capacity, headroom);
        this.passExamined = passExamined;
    }

    /** Feeds the bytes of one read; the buffer takes what fits, frames are cut, and so on until all are in. */
    public StreamReceiver receive(byte[] chunk) throws FramingException {
        int fed = 0;
        while (fed < chunk.length) {
            if (buffer.tailroom() == 0) {
                compact();
            }
            int n = Math.min(buffer.tailroom(), chunk.length - fed);
            if (n == 0) {
                throw new AssertionError("buffer full with no frame decided: " + buffer + " " + framer);
            }
            buffer.writeBytes(chunk, fed, n);
            fed += n;
            cutFrames();
        }
        return this;
    }

    /** Feeds {@code stream} split at the given ascending cut points. */
    public StreamReceiver receive(byte[] stream, int... cuts) throws FramingException {
        int from = 0;
        for (int cut : cuts) {
            receive(java.util.Arrays.copyOfRange(stream, from, cut));
            from = cut;
        }
        return receive(java.util.Arrays.copyOfRange(stream, from, stream.length));
    }

    private void cutFrames() throws FramingException {
        while (true) {
            int available = buffer.length() - readIndex;
            int length = passExamined
                    ? framer.frameLength(buffer, readIndex, available, examined)
                    : framer.frameLength(buffer, readIndex, available);
            if (length == Framer.NEED_MORE) {
                examined = available;
                return;
            }
            if (length < 1 || length > Math.min(available, framer.maxFrameSize())) {
                throw new AssertionError("frame length " + length + " outside [1, min(" + available + ", "
                        + framer.maxFrameSize() + ")] from " + framer);
            }
            int payloadOffset = framer.payloadOffset(buffer, readIndex, length);
            int payloadLength = framer.payloadLength(buffer, readIndex, length);
            if (payloadOffset < 0 || payloadLength < 0 || payloadOffset + payloadLength > length) {
                throw new AssertionError("payload [" + payloadOffset + ", +" + payloadLength + ") outside a frame of "
                        + length + " from " + framer);
            }
            frames.add(copy(readIndex, length));
            payloads.add(copy(readIndex + payloadOffset, payloadLength));
            readIndex += length;
            examined = 0;
        }
    }

    private void compact() {
        int pending = buffer.length() - readIndex;
        int from = buffer.start() + readIndex;
        int to = buffer.reservedHeadroom();
        MemorySegment.copy(buffer.segment(), from, buffer.segment(), to, pending);
        buffer.setWindow(to, to + pending);
        readIndex = 0;
        compactions++;
    }

    private byte[] copy(int offset, int length) {
        byte[] out = new byte[length];
        buffer.getBytes(offset, out, 0, length);
        return out;
    }

    public List<byte[]> frames() {
        return frames;
    }

    public List<byte[]> payloads() {
        return payloads;
    }

    /** Bytes received but not yet part of a frame. */
    public int pending() {
        return buffer.length() - readIndex;
    }

    public int compactions() {
        return compactions;
    }
}
