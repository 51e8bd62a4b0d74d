package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.IOException;

/**
 * Echoes {@link Length32} frames back whole, in place: each read's complete frames are written
 * back from where they landed (the payload window narrowed to them), the partial frame at the end
 * waits for the rest. A frame larger than the buffer is passed through as its bytes arrive, so
 * the peer still gets exactly what it sent. Allocation-free.
 */
public final class FrameEcho {

    private FrameEcho() {
    }

    /**
     * Echoes until the peer ends the stream. Bytes already in {@code in} (read by the caller) are
     * echoed first.
     *
     * @return frames echoed
     * @throws FramingException if the peer's bytes are not length32 frames
     * @throws IOException if the connection breaks (or is closed by another thread)
     */
    public static long run(StreamTransport t, DatagramBuffer in, StreamIdle idle) throws IOException {
        long frames = 0;
        long passThrough = 0;
        while (true) {
            int length = in.length();
            int pos = 0;
            if (passThrough > 0) {
                int n = (int) Math.min(passThrough, length);
                passThrough -= n;
                pos = n;
            }
            while (passThrough == 0 && length - pos >= Length32.HEADER) {
                int frame = Length32.payloadLength(in, pos);
                int whole = Length32.HEADER + frame;
                if (length - pos >= whole) {
                    pos += whole;
                    frames++;
                    continue;
                }
                if (whole > in.capacity()) {
                    passThrough = whole - (length - pos);
                    pos = length;
                    frames++;
                }
                break;
            }
            if (pos > 0) {
                int end = in.end();
                in.truncate(pos);
                idle.writeFully(t, in); // advances the window past what it wrote
                in.setWindow(in.start(), end);
            }
            Length32.compact(in);
            if (idle.readSome(t, in) < 0) {
                return frames;
            }
        }
    }
}
