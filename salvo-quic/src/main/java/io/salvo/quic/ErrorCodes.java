package io.salvo.quic;

/**
 * The QUIC application error codes the streamer sends, in CONNECTION_CLOSE (connection codes) and
 * STOP_SENDING (stream codes) frames, so a peer can tell why it was refused.
 */
public final class ErrorCodes {

    /** The streamer is shutting down. */
    public static final long SHUTDOWN = 0;
    /** Connection refused: the total or the per-IP connection limit is reached. */
    public static final long CONNECTION_LIMIT = 1;
    /** Connection closed to make room for a peer of higher weight. */
    public static final long EVICTED = 2;
    /** Stream stopped: longer than the maximum packet size. */
    public static final long STREAM_TOO_LARGE = 3;
    /** Stream refused: the connection exceeded its stream rate by more than the streamer delays. */
    public static final long STREAM_RATE_LIMITED = 4;
    /** Stream stopped: it did not finish within the stream timeout. */
    public static final long STREAM_TIMEOUT = 5;

    private ErrorCodes() {
    }
}
