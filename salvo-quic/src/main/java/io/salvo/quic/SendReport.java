package io.salvo.quic;

/**
 * What a {@link QuicSender} knows about its packets: {@code sent = confirmed + unconfirmed + refused}.
 *
 * @param sent        packets written to a stream and finished (FIN queued)
 * @param confirmed   packets the peer has finished with, known from the stream credit it returned
 *                    (see {@code PeerStreamCredit}): delivered, or refused by the peer's own limits
 *                    (which the peer counts) after it was written
 * @param unconfirmed packets sent whose fate is unknown: still in flight, or lost with a connection
 *                    that dropped or was closed before the peer confirmed them
 * @param refused     packets the peer stopped while they were being written (too large for it,
 *                    or over its rate): known not delivered
 * @param reconnects  times a dropped connection was replaced
 */
public record SendReport(long sent, long confirmed, long unconfirmed, long refused, long reconnects) {

    /** Whether every packet sent is confirmed. */
    public boolean allConfirmed() {
        return unconfirmed == 0;
    }
}
