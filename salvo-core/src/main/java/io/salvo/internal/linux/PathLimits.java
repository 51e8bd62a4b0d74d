package io.salvo.internal.linux;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.packet.BatchState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What a socket's send path has learnt about where GSO coalescing is safe: per destination, the
 * largest datagram that may be a GSO segment (the path MTU less the IP and UDP headers) and whether
 * the kernel refuses GSO on that path at all ({@code EIO}: an IPsec transform, a device that cannot
 * segment). A connected socket has one path, kept apart from the table.
 *
 * <p>A segment limit learnt from a refusal expires after ten minutes, as the kernel's own path-MTU
 * entries do ({@code net.ipv4.route.mtu_expires}), so a path that grew back is coalesced again at
 * the cost of one more refusal. A GSO refusal ({@code EIO}) is kept: the route's nature, not its MTU.
 *
 * <p>The table holds {@value #MAX_PATHS} destinations. Past that, what is learnt applies to the
 * whole socket (the smallest segment limit, GSO off): always safe, only less fast.
 *
 * <p>Not thread-safe: used under the transport's send-direction lock. Lookups allocate nothing.
 */
final class PathLimits {

    /** No limit known. */
    static final int UNKNOWN = Integer.MAX_VALUE;
    static final int MAX_PATHS = 64;

    private final MemorySegment keys;
    private static final long MTU_EXPIRY_NANOS = 600_000_000_000L;

    private final int[] maxSegment = new int[MAX_PATHS];
    private final long[] learntAt = new long[MAX_PATHS];
    private final boolean[] gsoRefused = new boolean[MAX_PATHS];
    private int count;
    /** Applies to every destination: the bound device's MTU, or what overflowed the table. */
    private int socketMaxSegment = UNKNOWN;
    private boolean socketGsoRefused;
    private int connectedMaxSegment = UNKNOWN;
    private boolean connectedGsoRefused;

    PathLimits(Arena arena) {
        this.keys = arena.allocate((long) MAX_PATHS * BatchState.NAME_STRIDE, 8);
    }

    /** Caps every destination's segments, e.g. at the bound device's MTU less headers. */
    void capAllSegments(int limit) {
        socketMaxSegment = Math.min(socketMaxSegment, limit);
    }

    /** A new connected path (or none): forgets what was learnt about the old one. */
    void connectedPath(int limit) {
        connectedMaxSegment = limit;
        connectedGsoRefused = false;
    }

    /** Largest payload Salvo may put in a GSO segment to the slot's destination. */
    int maxSegment(BatchState b, int slot, boolean connected) {
        int limit = socketMaxSegment;
        if (connected) {
            return Math.min(limit, connectedMaxSegment);
        }
        int i = count == 0 ? -1 : find(b, slot);
        if (i < 0) {
            return limit;
        }
        if (maxSegment[i] != UNKNOWN && System.nanoTime() - learntAt[i] > MTU_EXPIRY_NANOS) {
            maxSegment[i] = UNKNOWN; // the path may have grown back: try again, learn again if not
        }
        return Math.min(limit, maxSegment[i]);
    }

    /** Whether the kernel refused GSO on the way to the slot's destination. */
    boolean refusesGso(BatchState b, int slot, boolean connected) {
        if (socketGsoRefused) {
            return true;
        }
        if (connected) {
            return connectedGsoRefused;
        }
        int i = count == 0 ? -1 : find(b, slot);
        return i >= 0 && gsoRefused[i];
    }

    /** True once GSO is off for every destination of this socket. */
    boolean refusesGsoEverywhere(boolean connected) {
        return socketGsoRefused || (connected && connectedGsoRefused);
    }

    /**
     * Notes that segments of {@code limit + 1} bytes were too large for the slot's path.
     *
     * @return true when this lowered a limit (the caller counts it once)
     */
    boolean lowerMaxSegment(BatchState b, int slot, boolean connected, int limit) {
        if (limit >= maxSegment(b, slot, connected)) {
            return false;
        }
        if (connected) {
            connectedMaxSegment = limit;
            return true;
        }
        int i = findOrAdd(b, slot);
        if (i < 0) {
            socketMaxSegment = limit;
        } else {
            maxSegment[i] = limit;
            learntAt[i] = System.nanoTime();
        }
        return true;
    }

    /**
     * Notes that the kernel refused GSO on the slot's path.
     *
     * @return true when this is news (the caller counts and logs it once)
     */
    boolean markGsoRefused(BatchState b, int slot, boolean connected) {
        if (refusesGso(b, slot, connected)) {
            return false;
        }
        if (connected) {
            connectedGsoRefused = true;
            return true;
        }
        int i = findOrAdd(b, slot);
        if (i < 0) {
            socketGsoRefused = true;
        } else {
            gsoRefused[i] = true;
        }
        return true;
    }

    private int find(BatchState b, int slot) {
        for (int i = 0; i < count; i++) {
            if (SocketAddressCodec.equals(keys, (long) i * BatchState.NAME_STRIDE, b.names, BatchState.nameOffset(slot))) {
                return i;
            }
        }
        return -1;
    }

    private int findOrAdd(BatchState b, int slot) {
        int i = find(b, slot);
        if (i >= 0 || count == MAX_PATHS) {
            return i;
        }
        MemorySegment.copy(b.names, BatchState.nameOffset(slot), keys, (long) count * BatchState.NAME_STRIDE,
                BatchState.NAME_STRIDE);
        maxSegment[count] = UNKNOWN;
        gsoRefused[count] = false;
        return count++;
    }
}
