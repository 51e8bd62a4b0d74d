package io.salvo.transport;

/**
 * Something worth counting that lost nothing: back pressure the caller was told about, an offload
 * Salvo worked around, metadata the kernel could not fit. Kept apart from {@link DropCause} so
 * that {@link SocketStats#totalDrops()} means datagrams lost and nothing else.
 */
public enum TransportEvent {
    /**
     * Send side: a send met a full send buffer and the caller still holds the datagram to retry:
     * a {@code sendBatch} that stopped with slots left {@link SendStatus#PENDING} (one per stop),
     * or an {@link DatagramTransport#offer offer} that returned {@link SendStatus#WOULD_BLOCK}.
     */
    SEND_BUFFER_FULL,
    /** Send side: a datagram of a GSO message the kernel refused, resent without GSO (delivered, not lost). */
    GSO_FALLBACK,
    /**
     * Send side: Salvo stopped using GSO for a destination, or for the whole socket, after the
     * kernel refused it ({@code EIO}: the path cannot segment); one per decision.
     */
    GSO_DISABLED,
    /**
     * Send side: Salvo learnt a smaller path MTU for a destination (from {@code EMSGSIZE} or
     * {@code IP_MTU}) and stopped coalescing datagrams larger than it; one per change.
     */
    PATH_MTU_LEARNED,
    /**
     * Receive side: the kernel cut the control data ({@code MSG_CTRUNC}); the datagram was delivered
     * whole and flagged, but its metadata may be incomplete. One per datagram.
     */
    CONTROL_TRUNCATED
}
