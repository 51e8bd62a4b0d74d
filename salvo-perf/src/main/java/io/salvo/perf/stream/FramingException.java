package io.salvo.perf.stream;

import java.io.IOException;

/** The peer's bytes are not {@link Length32} frames: a frame declared an impossible length. */
public final class FramingException extends IOException {

    public FramingException(int declaredLength) {
        super("not " + Length32.NAME + " framing: a frame declares " + declaredLength + " bytes (0.."
                + Length32.MAX_PAYLOAD + " allowed)");
    }
}
