package io.salvo.quic;

import io.salvo.quic.kwik.KwikHandshakes;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicConstants;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes connections whose handshake has not completed within the handshake timeout. Kwik holds
 * such connections (a thread, buffers, retransmission timers) until its idle timer fires, and a
 * client that keeps sending handshake packets slowly resets that timer for ever; this ends them.
 *
 * <p>Kwik does not say when a connection was created, so a connection's clock starts at the first
 * sweep that sees it in its handshake: it is closed between the timeout and the timeout plus two
 * sweep intervals after Kwik created it. Closing sends CONNECTION_CLOSE with CONNECTION_REFUSED;
 * Kwik then forgets the connection after its closing period (three probe timeouts).
 *
 * <p>Used by the streamer's sweeper thread only; {@link #inProgress()} may be read from any thread.
 */
final class HandshakeDeadlines {

    private final KwikHandshakes kwik;
    private final long timeoutNanos;
    private Map<QuicConnection, Long> firstSeen = new IdentityHashMap<>();
    private volatile int inProgress;

    HandshakeDeadlines(KwikHandshakes kwik, long timeoutNanos) {
        this.kwik = kwik;
        this.timeoutNanos = timeoutNanos;
    }

    /** Closes the handshakes that are overdue; returns how many. Allocates a map per call. */
    int sweep(long nowNanos) {
        List<QuicConnection> handshaking = kwik.handshaking();
        Map<QuicConnection, Long> stillRunning = new IdentityHashMap<>(handshaking.size() * 2);
        int closed = 0;
        for (QuicConnection c : handshaking) {
            long since = firstSeen.getOrDefault(c, nowNanos);
            if (nowNanos - since > timeoutNanos) {
                // A closing connection is no longer "handshaking", so the next sweep does not count it again.
                c.close(QuicConstants.TransportErrorCode.CONNECTION_REFUSED, "handshake timeout");
                closed++;
            } else {
                stillRunning.put(c, since);
            }
        }
        firstSeen = stillRunning;
        inProgress = stillRunning.size();
        return closed;
    }

    /** Handshakes under way at the last sweep. */
    int inProgress() {
        return inProgress;
    }
}
