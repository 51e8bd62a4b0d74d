package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

/**
 * Frames of one fixed size with no header or trailer: every {@code frameSize} bytes are a frame.
 * There is no impossible input, only too few bytes. Immutable and thread-safe; allocation-free.
 */
public final class FixedSizeFramer implements Framer {

    private final int frameSize;

    /** @throws IllegalArgumentException if {@code frameSize <= 0} */
    public FixedSizeFramer(int frameSize) {
        if (frameSize <= 0) {
            throw new IllegalArgumentException("frame size must be > 0, got " + frameSize);
        }
        this.frameSize = frameSize;
    }

    /** The size of every frame, which is also the maximum. */
    @Override
    public int maxFrameSize() {
        return frameSize;
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available) {
        FramerChecks.checkRange(buffer, offset, available);
        return available >= frameSize ? frameSize : NEED_MORE;
    }

    @Override
    public int payloadOffset(int frameLength) {
        return 0;
    }

    @Override
    public int payloadLength(int frameLength) {
        return frameLength;
    }

    @Override
    public int headerLength() {
        return 0;
    }

    @Override
    public int trailerLength() {
        return 0;
    }

    /** Writes nothing: checks the payload is exactly one frame. */
    @Override
    public void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException {
        FramerChecks.checkPayloadLength(payloadLength);
        if (payloadLength != frameSize) {
            throw new FramingException("payload of " + payloadLength + " bytes does not fill a fixed-size frame of "
                    + frameSize + " bytes");
        }
    }

    @Override
    public String toString() {
        return "FixedSizeFramer[" + frameSize + "]";
    }
}
