package io.salvo.quic.admission;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The streamer's open connections and the limits on them: total, per IP address, and the
 * stream-rate share of each connection. When full, a newcomer of higher weight evicts the
 * connection of lowest weight (the oldest of those); a newcomer never evicts an equal or heavier one.
 *
 * <p>Rates: a peer of weight {@code w > 0} gets {@code totalStreamsPerSecond * w / totalWeight}
 * streams per second (never less than the unstaked rate), split evenly among its connections; each
 * connection of a peer of weight 0 gets {@code unstakedStreamsPerSecond}. Rates are recomputed when
 * a peer's connection count changes and read by connections without locking.
 *
 * <p>Thread-safe: one lock; O(connections) per admission when full (the eviction search).
 */
public final class ConnectionTable {

    /** What {@link #admit} decided. */
    public enum Outcome { ACCEPTED, ACCEPTED_AFTER_EVICTION, REFUSED_TOTAL, REFUSED_PER_IP }

    /** One admitted connection. {@link #streamsPerSecond()} may change while it lives. */
    public static final class Entry {
        private final long id;
        private final InetAddress peer;
        private final long weight;
        private final Object owner;
        private volatile long streamsPerSecond;

        public Entry(long id, InetAddress peer, long weight, Object owner) {
            this.id = id;
            this.peer = peer;
            this.weight = weight;
            this.owner = owner;
        }

        public long id() { return id; }
        public InetAddress peer() { return peer; }
        public long weight() { return weight; }
        /** What the caller attached: the connection to close on eviction. */
        public Object owner() { return owner; }
        public long streamsPerSecond() { return streamsPerSecond; }
    }

    /** The decision, with the evicted entry when there is one (the caller closes its connection). */
    public record Admission(Outcome outcome, Entry evicted) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED || outcome == Outcome.ACCEPTED_AFTER_EVICTION;
        }
    }

    private final int maxConnections;
    private final int maxPerIp;
    private final long totalStreamsPerSecond;
    private final long unstakedStreamsPerSecond;
    private final long totalWeight;

    private final List<Entry> entries = new ArrayList<>();             // admission order, oldest first
    private final Map<InetAddress, Integer> perIp = new HashMap<>();

    public ConnectionTable(int maxConnections, int maxPerIp, long totalStreamsPerSecond,
                           long unstakedStreamsPerSecond, long totalWeight) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
        this.totalStreamsPerSecond = totalStreamsPerSecond;
        this.unstakedStreamsPerSecond = unstakedStreamsPerSecond;
        this.totalWeight = totalWeight;
    }

    /** Admits {@code newcomer}, evicting a lighter connection if the table is full. */
    public synchronized Admission admit(Entry newcomer) {
        if (perIp.getOrDefault(newcomer.peer, 0) >= maxPerIp) {
            return new Admission(Outcome.REFUSED_PER_IP, null);
        }
        Entry evicted = null;
        if (entries.size() >= maxConnections) {
            Entry lightest = null;
            for (Entry e : entries) {
                if (lightest == null || e.weight < lightest.weight) {
                    lightest = e;
                }
            }
            if (lightest == null || lightest.weight >= newcomer.weight) {
                return new Admission(Outcome.REFUSED_TOTAL, null);
            }
            removeLocked(lightest);
            evicted = lightest;
        }
        entries.add(newcomer);
        perIp.merge(newcomer.peer, 1, Integer::sum);
        updateRates(newcomer.peer);
        return new Admission(evicted == null ? Outcome.ACCEPTED : Outcome.ACCEPTED_AFTER_EVICTION, evicted);
    }

    /** Forgets a connection (closed, or evicted); does nothing if it is not in the table. */
    public synchronized void remove(Entry entry) {
        removeLocked(entry);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    private void removeLocked(Entry entry) {
        if (!entries.remove(entry)) {
            return;
        }
        perIp.computeIfPresent(entry.peer, (ip, n) -> n == 1 ? null : n - 1);
        updateRates(entry.peer);
    }

    private void updateRates(InetAddress peer) {
        int connections = perIp.getOrDefault(peer, 0);
        for (Entry e : entries) {
            if (e.peer.equals(peer)) {
                e.streamsPerSecond = rateOf(e.weight, connections);
            }
        }
    }

    long rateOf(long weight, int connectionsOfPeer) {
        if (weight <= 0 || totalWeight <= 0) {
            return unstakedStreamsPerSecond;
        }
        long share = (long) ((double) totalStreamsPerSecond * weight / totalWeight);
        return Math.max(unstakedStreamsPerSecond, share / Math.max(1, connectionsOfPeer));
    }
}
