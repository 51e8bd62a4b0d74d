package io.salvo.perf;

import io.salvo.perf.sequence.Tally;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.NetworkStats;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;

/**
 * salvo-perf without a subcommand: receivers and senders in this process, one thread each, for the
 * configured duration, over UDP on loopback or over the in-memory network; then a short
 * round-trip phase. Prints a progress line once a second.
 *
 * <p>The timeline: warm-up (datagrams stamped as not measured), the measured window (stamped as
 * measured), then a grace period in which the receivers drain what is still in flight. Counts come
 * from the stamps, so sent and received cover the same datagrams whatever arrives when.
 */
final class LocalBenchmark {

    /** The drain ends after this long without an arrival... */
    private static final long QUIET_NANOS = 200_000_000L;
    /** ...or after this long in all. */
    private static final long MAX_DRAIN_NANOS = 3_000_000_000L;

    private final PerfOptions o;
    private final PrintStream progress;

    LocalBenchmark(PerfOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    /** Opens the endpoints the options ask for, through {@code watch} (capture), runs and closes them. */
    PerfResult run(Observation watch) throws IOException, InterruptedException {
        try (LocalEndpoints endpoints = watch.wrap(LocalEndpoints.open(o))) {
            return run(endpoints);
        }
    }

    /** Runs over endpoints the caller opened (and closes); tests pass an in-memory network of their own. */
    PerfResult run(LocalEndpoints endpoints) throws IOException, InterruptedException {
        long warmupNanos = (long) (o.warmup() * 1e9);
        long durationNanos = (long) (o.durationSeconds * 1e9);
        LocalWorkers workers = new LocalWorkers(o, endpoints, warmupNanos == 0);
        try {
            long start = System.nanoTime();
            LocalWorkers.Snapshot warm = warmupNanos == 0 ? workers.snapshot() : null;
            LocalWorkers.Snapshot last = workers.snapshot();
            long nextTick = start + 1_000_000_000L;
            long end = start + durationNanos;
            while (System.nanoTime() < end) {
                long wakeAt = Math.min(nextTick, end);
                if (warm == null) {
                    wakeAt = Math.min(wakeAt, start + warmupNanos);
                }
                sleepUntil(wakeAt);
                workers.checkFailures();
                LocalWorkers.Snapshot s = workers.snapshot();
                if (warm == null && s.atNanos() - start >= warmupNanos) {
                    workers.startMeasuring();
                    warm = workers.snapshot();
                }
                if (System.nanoTime() >= nextTick - 1_000_000) {
                    printProgress(start, last, s, warm != null);
                    last = s;
                    nextTick += 1_000_000_000L;
                }
            }
            if (warm == null) { // slept through the whole warm-up and run: an empty window, not a wrong one
                workers.startMeasuring();
                warm = workers.snapshot();
            }
            // CPU is read before stopping: a finished thread no longer reports its CPU time.
            LocalWorkers.Snapshot stopped = workers.snapshot();
            workers.stopSenders();
            workers.drain(QUIET_NANOS, MAX_DRAIN_NANOS);
            LocalWorkers.Snapshot drained = workers.snapshot();
            workers.checkFailures();
            workers.stopReceivers();
            LocalWorkers.Snapshot ended = workers.snapshot(); // exact counts: every loop has ended
            NetworkStats network = endpoints.networkStats(); // before the round trips add their own traffic
            return result(endpoints, start, warm, stopped, drained, ended, network, measureRtt(endpoints));
        } finally {
            workers.abort();
        }
    }

    private PerfResult result(LocalEndpoints endpoints, long start, LocalWorkers.Snapshot warm, LocalWorkers.Snapshot stopped,
                              LocalWorkers.Snapshot drained, LocalWorkers.Snapshot ended, NetworkStats network,
                              Histogram rtt) {
        Tally tally = new Tally(ended.sentMeasured(), ended.measured());
        long sent = tally.sent();
        PerfResult.Costs costs = new PerfResult.Costs(
                perDatagram(stopped.sendCpuNanos(), warm.sendCpuNanos(), sent),
                perDatagram(drained.receiveCpuNanos(), warm.receiveCpuNanos(),
                        drained.datagramsReceived() - warm.datagramsReceived()),
                perDatagram(sum(stopped.sendAllocated(), drained.receiveAllocated()),
                        sum(warm.sendAllocated(), warm.receiveAllocated()), sent));
        PerfResult.Setup setup = new PerfResult.Setup(o.transportName(), endpoints.capabilities(), o.size, o.batch(),
                o.gso(), o.gro(), o.sockets, o.ipv6, o.transport == PerfOptions.TransportKind.LOOPBACK
                ? o.impairments.report() : null);
        return new PerfResult(setup, (warm.atNanos() - start) / 1e9, (stopped.atNanos() - warm.atNanos()) / 1e9, tally,
                stopped.sockets().sendCalls() - warm.sockets().sendCalls(), ended.sockets().drops(),
                ended.sockets().events(), costs, RttProbe.summary(rtt), network);
    }

    private void printProgress(long start, LocalWorkers.Snapshot last, LocalWorkers.Snapshot s, boolean measuring) {
        double dt = (s.atNanos() - last.atNanos()) / 1e9;
        long received = s.all().unique() - last.all().unique();
        Progress.line(progress, (s.atNanos() - start) / 1e9, (s.sent() - last.sent()) / dt, received / dt,
                received * o.size * 8 / dt / 1e9, measuring, s.startedMeasured(), s.measured().unique(),
                s.sockets().drops(), s.sockets().events());
    }

    private Histogram measureRtt(LocalEndpoints endpoints) throws IOException, InterruptedException {
        long nanos = (long) Math.min(1e9, o.durationSeconds * 0.2e9);
        DatagramTransport[] pair = endpoints.openPair();
        DatagramTransport echo = pair[0];
        try (DatagramTransport client = pair[1]) {
            Thread t = Thread.ofPlatform().name("salvo-perf-echo")
                    .start(RttProbe.echo(echo, Math.max(o.size, RttProbe.PROBE_BYTES)));
            try {
                return RttProbe.measure(client, echo.localAddress(), o.size, nanos, 200_000);
            } finally {
                echo.close(); // ends the echo thread
                t.join(5_000);
            }
        } finally {
            echo.close();
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long sleep = Math.max(0, deadline - System.nanoTime());
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
    }

    /** -1 (not measurable) stays -1. */
    private static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    private static double perDatagram(long after, long before, long datagrams) {
        return after < 0 || before < 0 || datagrams <= 0 ? Double.NaN : (double) (after - before) / datagrams;
    }
}
