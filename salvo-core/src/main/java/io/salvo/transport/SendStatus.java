package io.salvo.transport;

/**
 * What happened to one datagram handed to a transport: the result of
 * {@link DatagramTransport#send} and the per-slot status a {@code sendBatch} leaves in a
 * {@link io.salvo.packet.PacketBatch}. Every value other than {@link #SENT} and {@link #PENDING}
 * is also counted in {@link SocketStats} under the matching {@link DropCause}.
 */
public enum SendStatus {
    /** Not attempted yet (a slot after the point where a batch send stopped, or never sent). */
    PENDING(null),
    /** Handed to the kernel (or, for the loopback transport, to the simulated network). */
    SENT(null),
    /** Dropped locally: the send buffer was full. Retry later; nothing was sent. */
    WOULD_BLOCK(DropCause.WOULD_BLOCK),
    /** The peer refused it (ECONNREFUSED: an earlier datagram drew an ICMP port-unreachable). */
    REFUSED(DropCause.REFUSED),
    /** Larger than the path or socket allows (EMSGSIZE). */
    MESSAGE_TOO_LARGE(DropCause.OVERSIZE),
    /** No route to the destination network or host (ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL). */
    UNREACHABLE(DropCause.UNREACHABLE),
    /** Not permitted (EACCES for broadcast without SO_BROADCAST, EPERM from a firewall). */
    ACCESS_DENIED(DropCause.ACCESS_DENIED),
    /**
     * The destination cannot be sent to from this socket: another address family (an IPv6 address
     * on an IPv4 socket), or none given on an unconnected socket.
     */
    BAD_DESTINATION(DropCause.BAD_DESTINATION),
    /** Any other per-datagram error; the errno is in the transport's log-free counters as OTHER. */
    FAILED(DropCause.OTHER_ERROR);

    private final DropCause dropCause;

    SendStatus(DropCause dropCause) {
        this.dropCause = dropCause;
    }

    /** The drop counter this outcome increments, or null for {@link #SENT} and {@link #PENDING}. */
    public DropCause dropCause() {
        return dropCause;
    }

    /** True only for {@link #SENT}. */
    public boolean isSent() {
        return this == SENT;
    }

    private static final SendStatus[] VALUES = values();

    /** The status with this ordinal; for compact per-slot storage. */
    public static SendStatus ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
