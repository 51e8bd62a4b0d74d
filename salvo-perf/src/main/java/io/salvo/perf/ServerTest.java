package io.salvo.perf;


import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test as {@code salvo-perf server --protocol tcp} sees it: it begins with the first frame of
 * the first receiving connection while none is open, and ends when all its receiving connections
 * have ended (or at {@code --seconds}). Its measured window begins {@code --warmup-seconds} after
 * the test began; each connection's counts and receiving thread's CPU time are read then and at
 * the window's end, and the report is their difference. Used on the server's main thread only.
 */
final class ServerTest {

    private final long startNanos;
    private final long warmupNanos;
    private final List<ServerConnection> connections = new ArrayList<>();
    /** Each connection's counts when the window began (absent: it joined later, from zero). */
    private final Map<ServerConnection, Counts> atWindowStart = new IdentityHashMap<>();
    private long windowStartNanos = -1;

    ServerTest(long startNanos, long warmupNanos) {
        this.startNanos = startNanos;
        this.warmupNanos = warmupNanos;
    }

    boolean contains(ServerConnection c) {
        return connections.contains(c);
    }

    void add(ServerConnection c) {
        connections.add(c);
    }

    /** When the window begins; afterwards, when it began. */
    long windowStartsAt() {
        return windowStartNanos >= 0 ? windowStartNanos : startNanos + warmupNanos;
    }

    boolean windowStarted() {
        return windowStartNanos >= 0;
    }

    /** Takes the window's first reading, if it is time. */
    void startWindowIfDue(long now) {
        if (windowStartNanos < 0 && warmupNanos == 0) {
            windowStartNanos = startNanos; // from the first frame: every count from zero
            return;
        }
        if (windowStartNanos < 0 && now >= startNanos + warmupNanos) {
            for (ServerConnection c : connections) {
                atWindowStart.put(c, Counts.of(c));
            }
            windowStartNanos = System.nanoTime();
        }
    }

    boolean allEnded() {
        return connections.stream().allMatch(ServerConnection::hasEnded);
    }

    /**
     * The report of the window, ending now (or, when every connection has ended, when the last frame arrived).
     *
     * @param windowEnd why the window ended, as the report says it
     */
    TcpServerReport end(long now, String windowEnd, TcpServerReport.Setup setup) {
        long endNanos = allEnded() ? connections.stream().mapToLong(ServerConnection::lastFrameNanos).max().orElse(now) : now;
        int broken = (int) connections.stream().filter(c -> c.failure() != null).count();
        String firstFailure = connections.stream().filter(c -> c.failure() != null).findFirst()
                .map(c -> c.peer() + ": " + c.failure().getMessage()).orElse(null);
        if (windowStartNanos < 0) { // the test ended within its warm-up
            return new TcpServerReport(setup, connections.size(), broken, firstFailure,
                    Math.max(0, (endNanos - startNanos) / 1e9), 0, windowEnd + " during the warm-up",
                    Counts.NONE, Double.NaN);
        }
        Counts total = Counts.NONE;
        long cpu = 0;
        for (ServerConnection c : connections) {
            Counts before = atWindowStart.getOrDefault(c, Counts.NONE);
            Counts after = Counts.of(c);
            total = total.plus(after.minus(before));
            cpu = before.cpuNanos < 0 || after.cpuNanos < 0 || cpu < 0 ? -1 : cpu + after.cpuNanos - before.cpuNanos;
        }
        double cpuPerMessage = cpu < 0 || total.frames == 0 ? Double.NaN : (double) cpu / total.frames;
        return new TcpServerReport(setup, connections.size(), broken, firstFailure, (windowStartNanos - startNanos) / 1e9,
                Math.max(0, (endNanos - windowStartNanos) / 1e9), windowEnd, total, cpuPerMessage);
    }

    /** A connection's counts at one moment. */
    record Counts(long frames, long payloadBytes, long outOfSequence, long unrecognised, long cpuNanos) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        static Counts of(ServerConnection c) {
            long cpu = c.meter().cpuNanos();
            long[] n = c.counter().publishedCounts(); // one consistent set, not counts read across a publish
            return new Counts(n[0], n[4], n[2], n[3], cpu);
        }

        Counts plus(Counts o) {
            return new Counts(frames + o.frames, payloadBytes + o.payloadBytes, outOfSequence + o.outOfSequence,
                    unrecognised + o.unrecognised, cpuNanos + o.cpuNanos);
        }

        Counts minus(Counts o) {
            return new Counts(frames - o.frames, payloadBytes - o.payloadBytes, outOfSequence - o.outOfSequence,
                    unrecognised - o.unrecognised, cpuNanos - o.cpuNanos);
        }
    }
}
