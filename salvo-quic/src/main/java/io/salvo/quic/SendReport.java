package io.salvo.quic;

/**
 * What a {@link QuicSender} knows about its packets.
 *
 * @param sent        packets written to a stream and finished (FIN queued)
 * @param confirmed   packets the peer has finished with, known from the stream credit it returned
 *                    (see {@code PeerStreamCredit}): delivered, or refused by the peer's own limits
 *                    (which the peer counts)
 * @param unconfirmed packets sent whose fate is unknown: still in flight, or lost with a connection
 *                    that dropped or was closed before the peer confirmed them
 * @param reconnects  times a dropped connection was replaced
 */
public record SendReport(long sent, long confirmed, long unconfirmed, long reconnects) {

    /** Whether every packet sent is confirmed. */
    public boolean allConfirmed() {
        return unconfirmed == 0;
    }
}
