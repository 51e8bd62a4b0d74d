package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

/** A test framer: a 4-byte big-endian payload length, then the payload. */
final class LengthPrefixTestFramer implements Framer {

    static final int HEADER = 4;

    private final int maxFrameSize;

    LengthPrefixTestFramer(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available) throws FramingException {
        if (available < HEADER) {
            return NEED_MORE;
        }
        int payload = buffer.getInt(offset);
        if (payload < 0) {
            throw new FramingException("impossible payload length " + payload);
        }
        if ((long) payload + HEADER > maxFrameSize) {
            throw new FramingException("a frame of " + ((long) payload + HEADER) + " bytes is over the maximum "
                    + maxFrameSize);
        }
        return available < payload + HEADER ? NEED_MORE : payload + HEADER;
    }

    @Override
    public int payloadOffset(int frameLength) {
        return HEADER;
    }

    @Override
    public int payloadLength(int frameLength) {
        return frameLength - HEADER;
    }

    @Override
    public int headerLength() {
        return HEADER;
    }

    @Override
    public int trailerLength() {
        return 0;
    }

    @Override
    public void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException {
        if (payloadLength + HEADER > maxFrameSize) {
            throw new FramingException("a payload of " + payloadLength + " bytes is over the maximum");
        }
        buffer.setInt(frameOffset, payloadLength);
    }
}
