package io.salvo.quic;

/**
 * One peer IP address's share of a {@link QuicStreamerStats} snapshot.
 *
 * @param weight              the peer's weight (stake) when last seen
 * @param connectionsOpen     connections open now
 * @param connectionsAccepted connections admitted, ever
 * @param connectionsRefused  connections refused by the total or per-IP limit
 * @param connectionsEvicted  connections closed for a heavier newcomer
 * @param streamsThrottled    streams delayed by the rate limit, then read
 * @param streamsRefused      streams refused by the rate limit
 * @param packetsDelivered    packets handed to the {@link PacketHandler}
 * @param bytesDelivered      their bytes
 */
public record PeerStats(long weight, long connectionsOpen, long connectionsAccepted, long connectionsRefused,
                        long connectionsEvicted, long streamsThrottled, long streamsRefused,
                        long packetsDelivered, long bytesDelivered) {
}
