package io.salvo.quic;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The streamer's live counters: {@link LongAdder}s, written by many connection threads without
 * contention, summed into a {@link QuicStreamerStats} on demand. Per-peer counters are kept for
 * every peer seen; see {@link #peer}.
 */
final class StreamerCounters {

    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder connectionsEvicted = new LongAdder();
    final LongAdder connectionsOpen = new LongAdder();
    final LongAdder streamsAccepted = new LongAdder();
    final LongAdder streamsThrottled = new LongAdder();
    final LongAdder streamsRefused = new LongAdder();
    final LongAdder streamsOversized = new LongAdder();
    final LongAdder streamsTimedOut = new LongAdder();
    final LongAdder streamsFailed = new LongAdder();
    final LongAdder streamsEmpty = new LongAdder();
    final LongAdder packetsDelivered = new LongAdder();
    final LongAdder bytesDelivered = new LongAdder();
    final LongAdder handshakesTimedOut = new LongAdder();

    private final Map<InetAddress, Peer> peers = new ConcurrentHashMap<>();

    static final class Peer {
        volatile long weight;
        final LongAdder connectionsOpen = new LongAdder();
        final LongAdder connectionsAccepted = new LongAdder();
        final LongAdder connectionsRefused = new LongAdder();
        final LongAdder connectionsEvicted = new LongAdder();
        final LongAdder streamsThrottled = new LongAdder();
        final LongAdder streamsRefused = new LongAdder();
        final LongAdder packetsDelivered = new LongAdder();
        final LongAdder bytesDelivered = new LongAdder();

        PeerStats snapshot() {
            return new PeerStats(weight, connectionsOpen.sum(), connectionsAccepted.sum(), connectionsRefused.sum(),
                    connectionsEvicted.sum(), streamsThrottled.sum(), streamsRefused.sum(),
                    packetsDelivered.sum(), bytesDelivered.sum());
        }
    }

    /** The peer's counters, created on first use. Only peers that completed a handshake get here. */
    Peer peer(InetAddress address, long weight) {
        Peer p = peers.computeIfAbsent(address, a -> new Peer());
        p.weight = weight;
        return p;
    }

    QuicStreamerStats snapshot(long datagramsReceived, long datagramsMalformed, long initialsOverBudget,
                               int handshakesInProgress) {
        Map<InetAddress, PeerStats> perPeer = new HashMap<>();
        peers.forEach((address, p) -> perPeer.put(address, p.snapshot()));
        return new QuicStreamerStats(connectionsAccepted.sum(), connectionsRefused.sum(), connectionsEvicted.sum(),
                connectionsOpen.sum(), streamsAccepted.sum(), streamsThrottled.sum(), streamsRefused.sum(),
                streamsOversized.sum(), streamsTimedOut.sum(), streamsFailed.sum(), streamsEmpty.sum(),
                packetsDelivered.sum(), bytesDelivered.sum(), datagramsReceived, datagramsMalformed,
                initialsOverBudget, handshakesTimedOut.sum(), handshakesInProgress, Map.copyOf(perPeer));
    }
}
