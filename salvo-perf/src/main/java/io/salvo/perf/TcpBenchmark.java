package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.stream.FrameEcho;
import io.salvo.perf.stream.Length32;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.perf.stream.StreamPing;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code salvo-perf --protocol tcp}: {@code --sockets} TCP connections on loopback, a sender
 * thread at one end of each and a receiver thread at the other, for the configured duration; then
 * a short round-trip phase on one more connection, against an echo thread.
 *
 * <p>The timeline is the UDP one's (warm-up, measured window by the frames' own stamps, progress
 * once a second), with one simplification TCP allows: after sending stops each sender ends its
 * stream, so the receivers drain to the end of stream and know they have everything; no quiet
 * period is guessed. Over an intact connection nothing is lost: {@code lost} is 0 unless a
 * connection broke, which the summary says.
 */
final class TcpBenchmark {

    /** A receiver that has not reached its end of stream after this long without an arrival is stuck. */
    private static final long STUCK_NANOS = 3_000_000_000L;

    private final PerfOptions o;
    private final PrintStream progress;

    TcpBenchmark(PerfOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    TcpResult run() throws IOException, InterruptedException {
        InetAddress ip = InetAddress.getByName(o.ipv6 ? "::1" : "127.0.0.1");
        TcpOptions options = o.tcpOptions();
        try (TcpListener listener = StreamEndpoints.listenTcp(new InetSocketAddress(ip, 0), options)) {
            List<List<TcpTransport>> pairs = StreamEndpoints.tcpPairs(listener, options, o.sockets);
            List<TcpTransport> senders = pairs.get(0);
            List<TcpTransport> receivers = pairs.get(1);
            long warmupNanos = (long) (o.warmup() * 1e9);
            StreamWorkers workers = new StreamWorkers(senders, receivers, o.size, o.batch(), o.rate, true, warmupNanos == 0);
            try {
                return measure(listener, options, workers, warmupNanos,
                        StreamEndpoints.describe(senders.getFirst().capabilities()));
            } finally {
                senders.forEach(StreamTransport::close);
                receivers.forEach(StreamTransport::close);
                workers.joinAll();
            }
        }
    }

    private TcpResult measure(TcpListener listener, TcpOptions options, StreamWorkers workers, long warmupNanos,
                              String capabilities) throws IOException, InterruptedException {
        long start = System.nanoTime();
        StreamWorkers.Snapshot[] warm = new StreamWorkers.Snapshot[1];
        StreamWorkers.Snapshot[] last = {workers.snapshot()};
        SendingTimeline.run(warmupNanos, (long) (o.durationSeconds * 1e9), new SendingTimeline.Hooks() {
            @Override
            public void warmedUp() {
                workers.startMeasuring();
                warm[0] = workers.snapshot();
            }

            @Override
            public void tick(long now, boolean measuring) {
                StreamWorkers.Snapshot s = workers.snapshot();
                printProgress(start, last[0], s, measuring, workers.broken());
                last[0] = s;
            }
        });
        long stoppedAt = System.nanoTime();
        if (!workers.stopSenders(STUCK_NANOS / 1_000_000)) {
            throw new IOException("a sender could not finish its batch within " + STUCK_NANOS / 1_000_000_000 + " s");
        }
        if (!workers.awaitReceivers(STUCK_NANOS)) {
            throw new IOException("a receiver did not reach the end of its stream within "
                    + STUCK_NANOS / 1_000_000_000 + " s of the last arrival");
        }
        StreamWorkers.Snapshot ended = workers.snapshot(); // exact: every loop has ended
        Histogram rtt = measureRtt(listener, options);
        StreamWorkers.Snapshot w = warm[0];
        long sent = ended.sentMeasured();
        TcpResult.Costs costs = new TcpResult.Costs(
                per(ended.sendCpuNanos(), w.sendCpuNanos(), sent),
                per(ended.receiveCpuNanos(), w.receiveCpuNanos(), ended.framesReceived() - w.framesReceived()),
                per(sum(ended.sendAllocated(), ended.receiveAllocated()), sum(w.sendAllocated(), w.receiveAllocated()), sent));
        TcpResult.Setup setup = new TcpResult.Setup(o.transportName(), capabilities, Length32.NAME, o.size, o.batch(),
                o.sockets, o.ipv6);
        return new TcpResult(setup, (w.atNanos() - start) / 1e9, (stoppedAt - w.atNanos()) / 1e9,
                new TcpResult.Messages(sent, ended.receivedMeasured(), ended.outOfSequence(), ended.unrecognised()),
                new TcpResult.Connections(o.sockets, workers.broken(), workers.firstFailure()),
                ended.writeCalls() - w.writeCalls(), ended.writesFull() - w.writesFull(), costs, rttSummary(rtt));
    }

    private void printProgress(long start, StreamWorkers.Snapshot last, StreamWorkers.Snapshot s, boolean measuring,
                               int broken) {
        double dt = (s.atNanos() - last.atNanos()) / 1e9;
        long received = s.framesReceived() - last.framesReceived();
        Progress.streamLine(progress, (s.atNanos() - start) / 1e9, (s.sent() - last.sent()) / dt, received / dt,
                received * o.size * 8 / dt / 1e9, measuring, s.startedMeasured(), s.receivedMeasured(), o.sockets, broken);
    }

    /** Round trips on one more connection, against an echo thread, for 1 s (a fifth of shorter runs). */
    private Histogram measureRtt(TcpListener listener, TcpOptions options) throws IOException, InterruptedException {
        long nanos = (long) Math.min(1e9, o.durationSeconds * 0.2e9);
        List<List<TcpTransport>> pair = StreamEndpoints.tcpPairs(listener, options, 1);
        TcpTransport client = pair.get(0).getFirst();
        TcpTransport server = pair.get(1).getFirst();
        Thread echo = Thread.ofPlatform().name("salvo-perf-echo").start(() -> {
            try {
                FrameEcho.run(server, DatagramBuffer.allocate(Math.max(Length32.READ_BUFFER, 2 * (Length32.HEADER + o.size)), 0),
                        StreamIdle.BLOCK);
            } catch (IOException closed) {
                // the round trips are over
            }
        });
        try {
            Histogram h = StreamPing.histogram();
            StreamPing.measure(client, o.size, StreamIdle.SPIN, 0, 200_000, System.nanoTime() + nanos, h);
            return h;
        } finally {
            client.close();
            server.close();
            echo.join(5_000);
        }
    }

    static TcpResult.Rtt rttSummary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new TcpResult.Rtt(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new TcpResult.Rtt(h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    /** -1 (not measurable) stays -1. */
    static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    static double per(long after, long before, long messages) {
        return after < 0 || before < 0 || messages <= 0 ? Double.NaN : (double) (after - before) / messages;
    }
}
