package io.salvo.quic;

import java.net.InetAddress;
import java.util.Map;

/**
 * Each peer's weight (Solana's stake): a peer with weight 0 is "unstaked". Weights divide the
 * streamer's stream-rate budget and decide who is evicted when the connection table is full.
 * Must be thread-safe and fast: consulted on every new connection.
 */
public interface PeerWeights {

    /** Everybody unstaked. */
    PeerWeights NONE = new PeerWeights() {
        @Override public long weight(InetAddress peer) { return 0; }
        @Override public long totalWeight() { return 0; }
    };

    /** The peer's weight, 0 when unknown. */
    long weight(InetAddress peer);

    /** The sum of all weights (the total stake), which a peer's weight is a share of. */
    long totalWeight();

    /** Fixed weights by IP address (an immutable copy of {@code weights}). */
    static PeerWeights of(Map<InetAddress, Long> weights) {
        Map<InetAddress, Long> copy = Map.copyOf(weights);
        long total = copy.values().stream().mapToLong(Long::longValue).sum();
        return new PeerWeights() {
            @Override public long weight(InetAddress peer) { return copy.getOrDefault(peer, 0L); }
            @Override public long totalWeight() { return total; }
        };
    }
}
