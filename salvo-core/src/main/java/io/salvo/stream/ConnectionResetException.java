package io.salvo.stream;

import java.net.SocketException;

/** The peer reset the connection ({@code ECONNRESET}): it is gone, and bytes in flight may be lost. */
public final class ConnectionResetException extends SocketException {
    private static final long serialVersionUID = 1L;

    public ConnectionResetException(String message) {
        super(message);
    }
}
