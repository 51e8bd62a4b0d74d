package io.salvo.messaging;

import java.io.IOException;

/**
 * The connection is closed, for the {@linkplain #closeCause() cause} given: what every send and
 * receive throws once it is, after the messages that had arrived complete before the close were
 * delivered (a {@link CloseCause#LOCAL local} close discards them). The underlying failure, when
 * there is one ({@link FramingException}, {@link io.salvo.stream.ConnectionResetException}, ...), is
 * the {@linkplain #getCause() cause}.
 */
public final class ConnectionClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final CloseCause closeCause;

    public ConnectionClosedException(CloseCause closeCause, String message, Throwable cause) {
        super(closeCause + ": " + message, cause);
        this.closeCause = closeCause;
    }

    /** Why the connection closed. */
    public CloseCause closeCause() {
        return closeCause;
    }
}
