package io.salvo.transport;

/**
 * Why a datagram was lost or did not arrive whole. Every datagram a transport gives up on, or
 * delivers cut short, is counted under exactly one cause in {@link SocketStats}: nothing is lost
 * silently. Things that lose nothing (back pressure the caller was told about, a GSO fallback, cut
 * control data) are {@link TransportEvent}s, not drops.
 */
public enum DropCause {
    /**
     * Send side: the socket's send buffer was full and the datagram was not sent, and nobody will
     * retry it: a {@link DatagramTransport#send send} that returned {@link SendStatus#WOULD_BLOCK}
     * (drop-on-would-block), or a datagram given up after waiting. A batch send that stops with
     * slots left pending, or an {@link DatagramTransport#offer offer}, is not a drop but a
     * {@link TransportEvent#SEND_BUFFER_FULL} event.
     */
    WOULD_BLOCK,
    /** Receive side: the datagram was longer than the buffer; it was delivered cut short and flagged. */
    TRUNCATED,
    /** Send side: the destination refused it (ECONNREFUSED). */
    REFUSED,
    /** Send side: no route (ENETUNREACH, EHOSTUNREACH) or the endpoint does not exist. */
    UNREACHABLE,
    /** Send side: not permitted (EACCES, EPERM). */
    ACCESS_DENIED,
    /**
     * Send side: a destination this socket cannot send to (another address family, or none on an
     * unconnected socket); see {@link SendStatus#BAD_DESTINATION}.
     */
    BAD_DESTINATION,
    /** Larger than the MTU or socket allows (EMSGSIZE, or a simulated MTU set to drop). */
    OVERSIZE,
    /** A bounded queue on the way (simulated link or receive queue) was full. */
    QUEUE_OVERFLOW,
    /** The kernel's receive queue overflowed (SO_RXQ_OVFL); counted from the kernel's own tally. */
    KERNEL_RECEIVE_OVERFLOW,
    /** Dropped on purpose by a simulated impairment (random or bursty loss). */
    IMPAIRMENT,
    /** Still queued for an endpoint that closed before reading it. */
    ENDPOINT_CLOSED,
    /**
     * Receive side: read from the kernel and held for the next receive (the rest of a GRO
     * super-buffer), but the batch holding it was closed, or received from another transport,
     * before it was delivered.
     */
    UNDELIVERED,
    /** Any other error, counted so that it is not silent. */
    OTHER_ERROR
}
