package io.salvo.messaging.testing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

/**
 * The send path in miniature: reserve the framer's header, let the payload (raw bytes or a codec's
 * encoding) follow, append room for the trailer, and have the framer fill both in place.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /** One frame around {@code payload}, as bytes. */
    public static byte[] frame(Framer framer, byte[] payload) throws FramingException {
        return frame(framer, (message, out) -> out.writeBytes(payload), null);
    }

    /** One frame around {@code codec}'s encoding of {@code message}, as bytes. */
    public static <T> byte[] frame(Framer framer, Codec<T> codec, T message) throws FramingException {
        return frame(framer, codec::encode, message);
    }

    private interface Body<T> {
        void write(T message, DatagramBuffer out) throws FramingException;
    }

    private static <T> byte[] frame(Framer framer, Body<T> body, T message) throws FramingException {
        DatagramBuffer out = DatagramBuffer.allocate(framer.maxFrameSize() + 64, 5);
        out.setLength(framer.headerLength());
        int before = out.length();
        body.write(message, out);
        int payloadLength = out.length() - before;
        if (out.tailroom() < framer.trailerLength()) {
            throw new FramingException("no room for the trailer");
        }
        out.setLength(out.length() + framer.trailerLength());
        framer.writeFrame(out, 0, payloadLength);
        return out.toByteArray();
    }
}
