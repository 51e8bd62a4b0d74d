package io.salvo.quic;

import java.net.InetAddress;
import java.util.Map;

/**
 * A snapshot of a {@link QuicStreamer}'s counters, taken at any time from any thread; counters
 * only grow (except {@code connectionsOpen}). Each stream admitted is counted once as delivered,
 * oversized, timed out, failed or empty:
 * {@code streamsAccepted = packetsDelivered + streamsOversized + streamsTimedOut + streamsFailed + streamsEmpty}
 * once no stream is being read.
 *
 * @param connectionsAccepted connections admitted after their handshake
 * @param connectionsRefused  connections refused (total or per-IP limit, {@link ErrorCodes#CONNECTION_LIMIT})
 * @param connectionsEvicted  connections closed for a heavier newcomer ({@link ErrorCodes#EVICTED})
 * @param connectionsOpen     connections open now
 * @param streamsAccepted     streams that passed the rate limit and were read
 * @param streamsThrottled    streams delayed by the rate limit before being read (also counted as accepted)
 * @param streamsRefused      streams refused by the rate limit ({@link ErrorCodes#STREAM_RATE_LIMITED})
 * @param streamsOversized    streams stopped for exceeding the packet size ({@link ErrorCodes#STREAM_TOO_LARGE})
 * @param streamsTimedOut     streams stopped for not finishing in time ({@link ErrorCodes#STREAM_TIMEOUT})
 * @param streamsFailed       streams reset by the peer, or cut by their connection closing
 * @param streamsEmpty        streams that ended with no data (not delivered)
 * @param packetsDelivered    packets handed to the {@link PacketHandler}
 * @param bytesDelivered      their bytes
 * @param datagramsReceived   datagrams taken from the transport
 * @param datagramsMalformed  datagrams dropped before Kwik: not QUIC, or an Initial under 1,200 bytes
 * @param initialsOverBudget  Initial datagrams dropped over the per-second budget
 * @param handshakesTimedOut  connections closed for not completing their handshake within the handshake timeout
 * @param handshakesInProgress connections in their handshake now (as of the last check, at most 200 ms old)
 * @param peers               per peer IP address
 */
public record QuicStreamerStats(
        long connectionsAccepted, long connectionsRefused, long connectionsEvicted, long connectionsOpen,
        long streamsAccepted, long streamsThrottled, long streamsRefused, long streamsOversized,
        long streamsTimedOut, long streamsFailed, long streamsEmpty,
        long packetsDelivered, long bytesDelivered,
        long datagramsReceived, long datagramsMalformed, long initialsOverBudget,
        long handshakesTimedOut, long handshakesInProgress,
        Map<InetAddress, PeerStats> peers) {
}
