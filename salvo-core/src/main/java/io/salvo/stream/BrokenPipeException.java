package io.salvo.stream;

import java.net.SocketException;

/**
 * A write to a connection that can no longer carry it ({@code EPIPE}): this side shut its output
 * down, or the peer closed or reset the connection. The bytes of that write were not sent.
 */
public final class BrokenPipeException extends SocketException {
    private static final long serialVersionUID = 1L;

    public BrokenPipeException(String message) {
        super(message);
    }
}
