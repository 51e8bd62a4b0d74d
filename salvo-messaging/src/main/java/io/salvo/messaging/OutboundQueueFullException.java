package io.salvo.messaging;

import java.io.IOException;

/**
 * A send found the connection's outbound queue at its bound and no room freed within the time it
 * was allowed to wait: the peer is not reading (or not as fast as we write). The message was not
 * queued; the connection stays open. The bound ({@link MessagingConfig#maxQueuedBytes()}) is what
 * keeps a peer that never reads from growing our memory.
 */
public final class OutboundQueueFullException extends IOException {
    private static final long serialVersionUID = 1L;

    public OutboundQueueFullException(String message) {
        super(message);
    }
}
