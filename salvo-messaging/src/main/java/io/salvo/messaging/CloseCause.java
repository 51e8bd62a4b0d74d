package io.salvo.messaging;

/**
 * Why a connection closed. Every close has exactly one cause, counted per connection
 * ({@link ConnectionStats#closeCause()}) and per service ({@link SvcStats#closed(CloseCause)}), and
 * carried by the {@link ConnectionClosedException} its users see afterwards.
 */
public enum CloseCause {
    /** This side's application called {@code close()}. */
    LOCAL,
    /** The peer ended the stream at a frame boundary. */
    PEER_CLOSED,
    /** The peer ended the stream in the middle of a frame: the partial frame is discarded. */
    PEER_CLOSED_MID_FRAME,
    /** The peer reset the connection. */
    RESET,
    /** The bytes cannot be a frame: a length over the maximum or impossible, garbage. */
    FRAMING_ERROR,
    /** A frame whose payload the codec rejected. */
    DECODE_ERROR,
    /** A frame was still incomplete when the read deadline after its first byte passed (slowloris). */
    READ_DEADLINE,
    /** Nothing arrived for the configured number of heartbeat intervals. */
    HEARTBEAT_MISSED,
    /** The login was refused (by the server's hook, or the client found the response unacceptable). */
    HANDSHAKE_REJECTED,
    /** The login did not complete within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /** A service at its connection limit accepted the connection and closed it at once. */
    OVER_CAPACITY,
    /** An automatic reply or login answer found the outbound queue full: the peer does not read. */
    OUTBOUND_QUEUE_FULL,
    /** The application's message handler threw. */
    HANDLER_FAILED,
    /** Any other I/O failure of the connection (a broken pipe, a keep-alive timeout). */
    IO_ERROR,
    /** The service or poller serving the connection shut down. */
    SHUTDOWN
}
