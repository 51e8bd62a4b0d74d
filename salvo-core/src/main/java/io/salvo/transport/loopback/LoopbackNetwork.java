package io.salvo.transport.loopback;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * An in-memory network of {@link LoopbackTransport} endpoints that exchange datagrams through the
 * same {@link io.salvo.transport.DatagramTransport} contract as real sockets, with deterministic
 * impairments per link (see {@link LinkConditions}). It has no sockets and no threads: datagrams
 * move when endpoints send and receive, and time is read from an injectable clock.
 *
 * <p><b>Determinism.</b> Each directed link draws from its own random stream, derived from the
 * network seed and the two endpoint addresses, so the same seed and the same sends give the same
 * losses, duplicates, reorderings and delays, whatever other links carry.
 *
 * <p><b>Accounting.</b> Every datagram accepted by a send is received, counted as dropped with a
 * cause, or still in flight: {@link #stats()} keeps {@link NetworkStats#balanced()} true. Drops on a
 * link are also counted in the receiving endpoint's {@link io.salvo.transport.SocketStats}.
 *
 * <p><b>Threads.</b> Thread-safe: one lock guards the whole network, which is fine for tests and
 * simulations; for throughput use the native transports.
 */
public final class LoopbackNetwork {

    private static final int DEFAULT_RECEIVE_QUEUE_LIMIT = 4096;

    private final Object lock = new Object();
    private final long seed;
    private final LongSupplier clock;
    private final int receiveQueueLimit;
    private final Arena arena = Arena.ofAuto();
    private final Map<SocketAddress, LoopbackTransport> endpoints = new HashMap<>();
    private final Map<String, LinkState> links = new HashMap<>();
    private final Map<String, LinkConditions> configuredLinks = new HashMap<>();
    private LinkConditions defaultLink;
    private int nextPort = 10_000;
    private long order;

    private long sent;
    private long duplicated;
    private long received;
    private long truncated;
    private long inFlight;
    private final EnumMap<DropCause, Long> drops = new EnumMap<>(DropCause.class);

    private LoopbackNetwork(Builder b) {
        this.seed = b.seed;
        this.clock = b.clock;
        this.defaultLink = b.defaultLink;
        this.receiveQueueLimit = b.receiveQueueLimit;
    }

    /** A network with seed 0, the system nanosecond clock and perfect links. */
    public static LoopbackNetwork create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Two endpoints on a fresh perfect network: the quickest way to a working transport pair. */
    public static Pair pair() {
        LoopbackNetwork net = create();
        return new Pair(net.open(), net.open());
    }

    /** Two connected-by-nothing endpoints of one network; either may send to the other's address. */
    public record Pair(LoopbackTransport first, LoopbackTransport second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /** Opens an endpoint at the next free port of 127.0.0.1. */
    public LoopbackTransport open() {
        synchronized (lock) {
            while (endpoints.containsKey(new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort))) {
                nextPort++;
            }
            return openUnchecked(new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort++));
        }
    }

    /**
     * Opens an endpoint at {@code address} (any IPv4 or IPv6 socket address; nothing is bound on the host).
     *
     * @throws BindException if another endpoint of this network holds the address
     */
    public LoopbackTransport open(InetSocketAddress address) throws BindException {
        synchronized (lock) {
            if (endpoints.containsKey(address)) {
                throw new BindException("address already in use on this loopback network: " + address);
            }
            return openUnchecked(address);
        }
    }

    private LoopbackTransport openUnchecked(InetSocketAddress address) {
        MemorySegment name = arena.allocate(SocketAddressCodec.SOCKADDR_STORAGE_SIZE, 8);
        int nameLength = SocketAddressCodec.encode(address, name, 0);
        LoopbackTransport t = new LoopbackTransport(this, address, name, nameLength,
                new PriorityQueue<>(LoopbackNetwork::byDeliveryThenOrder));
        endpoints.put(address, t);
        return t;
    }

    private static int byDeliveryThenOrder(InFlightDatagram a, InFlightDatagram b) {
        int c = Long.compare(a.deliverAtNanos, b.deliverAtNanos);
        return c != 0 ? c : Long.compare(a.order, b.order);
    }

    /** Conditions for links with no setting of their own, from now on. */
    public void setDefaultLink(LinkConditions conditions) {
        synchronized (lock) {
            defaultLink = Objects.requireNonNull(conditions);
            links.forEach((key, state) -> {
                if (!configuredLinks.containsKey(key)) {
                    state.conditions = conditions;
                }
            });
        }
    }

    /** Conditions for datagrams from {@code from} to {@code to} (one direction), from now on. */
    public void setLink(SocketAddress from, SocketAddress to, LinkConditions conditions) {
        synchronized (lock) {
            String key = linkKey(from, to);
            configuredLinks.put(key, Objects.requireNonNull(conditions));
            LinkState state = links.get(key);
            if (state != null) {
                state.conditions = conditions;
            }
        }
    }

    /** The clock's current reading in nanoseconds. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    /** Whole-network accounting; see {@link NetworkStats}. */
    public NetworkStats stats() {
        synchronized (lock) {
            return new NetworkStats(sent, duplicated, received, truncated, inFlight, drops);
        }
    }

    // ---------------------------------------------------------------- used by LoopbackTransport

    Object lock() {
        return lock;
    }

    /** Sends one datagram of {@code length} bytes at {@code src[offset]}. Caller holds the lock. */
    SendStatus transmit(LoopbackTransport from, SocketAddress destination, MemorySegment src, long offset,
                        int length, int ecn) {
        if (destination == null) {
            from.recorder().drop(DropCause.BAD_DESTINATION, 1); // an endpoint has no connected peer to default to
            return SendStatus.BAD_DESTINATION;
        }
        LoopbackTransport to = endpoints.get(destination);
        if (to == null || !to.isOpen()) {
            from.recorder().drop(DropCause.UNREACHABLE, 1);
            return SendStatus.UNREACHABLE;
        }
        LinkState link = link(from.localAddress(), to.localAddress());
        LinkConditions c = link.conditions;
        long now = clock.getAsLong();
        if (c.queueLimit() > 0 && link.queued(now) >= c.queueLimit()) {
            if (c.queueFull() == LinkConditions.QueueFullAction.BLOCK_SENDER) {
                return SendStatus.WOULD_BLOCK; // the caller counts it: a drop for send, an event otherwise
            }
            sent++;
            drop(to, DropCause.QUEUE_OVERFLOW);
            return SendStatus.SENT;
        }
        sent++;
        int carried = length;
        if (c.mtu() > 0 && length > c.mtu()) {
            if (c.oversize() == LinkConditions.OversizeAction.DROP) {
                drop(to, DropCause.OVERSIZE);
                return SendStatus.SENT;
            }
            carried = c.mtu();
        }
        if (link.lose()) {
            drop(to, DropCause.IMPAIRMENT);
            return SendStatus.SENT;
        }
        byte[] bytes = new byte[carried];
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, offset, bytes, 0, carried);
        long leaves = link.transmit(now, length);
        InFlightDatagram d = new InFlightDatagram(bytes, length, from.name(), from.nameLength(), ecn,
                leaves + c.delayNanos() + link.jitter());
        boolean duplicate = link.chance(c.duplicateRate());
        if (link.chance(c.reorderRate())) {
            d.overtakesLeft = c.reorderDistance();
            link.heldBack.add(d);
            inFlight++;
        } else {
            enqueue(to, d);
        }
        releaseOvertaken(to, link, d);
        if (duplicate) {
            duplicated++;
            enqueue(to, d.copy());
        }
        to.signalReadiness(); // queued or held back: either way a waiting poller should look
        return SendStatus.SENT;
    }

    /** Releases held-back datagrams that {@code passing} (just sent on the link) was the last to overtake. */
    private void releaseOvertaken(LoopbackTransport to, LinkState link, InFlightDatagram passing) {
        for (int i = link.heldBack.size() - 1; i >= 0; i--) {
            InFlightDatagram held = link.heldBack.get(i);
            if (held != passing && --held.overtakesLeft <= 0) {
                link.heldBack.remove(i);
                inFlight--;
                held.deliverAtNanos = Math.max(held.deliverAtNanos, passing.deliverAtNanos);
                enqueue(to, held);
            }
        }
    }

    /** Called by an endpoint that found nothing to receive: held-back datagrams may not wait forever. */
    void releaseHeldBackTo(LoopbackTransport to) {
        for (LinkState link : links.values()) {
            if (!link.heldBack.isEmpty() && link.to.equals(to.localAddress())) {
                for (InFlightDatagram held : link.heldBack) {
                    inFlight--;
                    enqueue(to, held);
                }
                link.heldBack.clear();
            }
        }
    }

    /** True when any datagram is held back (to be overtaken) for {@code to}. Caller holds the lock. */
    boolean holdsBackFor(LoopbackTransport to) {
        for (LinkState link : links.values()) {
            if (!link.heldBack.isEmpty() && link.to.equals(to.localAddress())) {
                return true;
            }
        }
        return false;
    }

    /** True when a datagram held back (to be overtaken) for {@code to} is due by {@code now}. Caller holds the lock. */
    boolean holdsBackDeliverable(LoopbackTransport to, long now) {
        for (LinkState link : links.values()) {
            if (!link.heldBack.isEmpty() && link.to.equals(to.localAddress())) {
                for (InFlightDatagram held : link.heldBack) {
                    if (held.deliverAtNanos <= now) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void enqueue(LoopbackTransport to, InFlightDatagram d) {
        if (to.queue().size() >= receiveQueueLimit) {
            drop(to, DropCause.QUEUE_OVERFLOW);
            return;
        }
        d.order = order++;
        to.queue().add(d);
        inFlight++;
    }

    private void drop(LoopbackTransport to, DropCause cause) {
        drops.merge(cause, 1L, Long::sum);
        to.recorder().drop(cause, 1);
    }

    /** Accounts for one datagram taken off a receive queue. Caller holds the lock. */
    void delivered(boolean wasTruncated) {
        inFlight--;
        received++;
        if (wasTruncated) {
            truncated++;
        }
    }

    /** Forgets a closed endpoint; what was queued or held back for it is dropped as ENDPOINT_CLOSED. Caller holds the lock. */
    void closed(LoopbackTransport t) {
        endpoints.remove(t.localAddress(), t);
        releaseHeldBackTo(t);
        int pending = t.queue().size();
        t.queue().clear();
        inFlight -= pending;
        if (pending > 0) {
            drops.merge(DropCause.ENDPOINT_CLOSED, (long) pending, Long::sum);
            t.recorder().drop(DropCause.ENDPOINT_CLOSED, pending);
        }
    }

    private LinkState link(SocketAddress from, SocketAddress to) {
        String key = linkKey(from, to);
        LinkState state = links.get(key);
        if (state == null) {
            state = new LinkState(to, configuredLinks.getOrDefault(key, defaultLink),
                    seed * 0x9E3779B97F4A7C15L ^ key.hashCode());
            links.put(key, state);
        }
        return state;
    }

    private static String linkKey(SocketAddress from, SocketAddress to) {
        return from + "->" + to;
    }

    /** Settings for a {@link LoopbackNetwork}. */
    public static final class Builder {
        private long seed;
        private LongSupplier clock = System::nanoTime;
        private LinkConditions defaultLink = LinkConditions.PERFECT;
        private int receiveQueueLimit = DEFAULT_RECEIVE_QUEUE_LIMIT;

        private Builder() {
        }

        /** Seed for every random choice (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Nanosecond clock for delays and link rates (default {@link System#nanoTime()}). */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Conditions of every link without its own (default {@link LinkConditions#PERFECT}). */
        public Builder defaultLink(LinkConditions conditions) {
            this.defaultLink = Objects.requireNonNull(conditions);
            return this;
        }

        /** Datagrams an endpoint may have waiting before further ones are dropped (default 4096). */
        public Builder receiveQueueLimit(int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("receive queue limit must be > 0, got " + limit);
            }
            this.receiveQueueLimit = limit;
            return this;
        }

        public LoopbackNetwork build() {
            return new LoopbackNetwork(this);
        }
    }
}
