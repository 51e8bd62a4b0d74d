package io.salvo.messaging;

import java.io.IOException;

/**
 * Bytes that cannot be (or cannot become) a valid frame: a length that is negative or over the
 * maximum, a frame that runs past the maximum without its delimiter, a message too large to send.
 * On receive the connection is closed and counted: a stream that lost its framing cannot be trusted
 * past that point.
 */
public final class FramingException extends IOException {
    private static final long serialVersionUID = 1L;

    public FramingException(String message) {
        super(message);
    }
}
