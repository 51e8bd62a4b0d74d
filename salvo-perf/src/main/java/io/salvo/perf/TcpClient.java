package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.stream.ConnectionReport;
import io.salvo.perf.stream.FramingException;
import io.salvo.perf.stream.Length32;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.perf.stream.StreamPing;
import io.salvo.perf.stream.StreamWire;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code salvo-perf client --protocol tcp}: sends length32 data frames to a
 * {@code salvo-perf server --protocol tcp} over {@code --sockets} connections for the duration,
 * then asks on each connection what arrived ({@link StreamWire#REPORT}; TCP's ordering means the
 * answer covers every frame sent before it), measures round trips on one more connection that it
 * turns into an echoing one, and prints the same summary as a run in one process (the receiver's
 * CPU per message from the server's reports).
 */
final class TcpClient {

    /** How long the server may take to answer a report request; a sender to finish its last batch. */
    private static final long ANSWER_MILLIS = 10_000;

    private final PerfOptions o;
    private final InetSocketAddress server;
    private final PrintStream progress;

    TcpClient(PerfOptions options, InetSocketAddress server, PrintStream progress) {
        this.o = options;
        this.server = server;
        this.progress = progress;
    }

    TcpResult run() throws IOException, InterruptedException {
        TcpOptions options = o.tcpOptions();
        List<TcpTransport> data = new ArrayList<>();
        try {
            for (int i = 0; i < o.sockets; i++) {
                data.add(StreamEndpoints.connectTcp(server, options));
            }
            String capabilities = StreamEndpoints.describe(data.getFirst().capabilities());
            long warmupNanos = (long) (o.warmup() * 1e9);
            StreamWorkers workers = new StreamWorkers(data, List.of(), o.size, o.batch(), o.rate, false, warmupNanos == 0);
            try {
                return measure(workers, data, warmupNanos, capabilities, options);
            } finally {
                data.forEach(StreamTransport::close);
                workers.joinAll();
            }
        } finally {
            data.forEach(StreamTransport::close);
        }
    }

    private TcpResult measure(StreamWorkers workers, List<TcpTransport> data, long warmupNanos, String capabilities,
                              TcpOptions options) throws IOException, InterruptedException {
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
            public void tick(long now, boolean measuring) throws IOException {
                StreamWorkers.Snapshot s = workers.snapshot();
                double rate = (s.sent() - last[0].sent()) / ((s.atNanos() - last[0].atNanos()) / 1e9);
                Progress.streamSendLine(progress, (now - start) / 1e9, rate, rate * o.size * 8 / 1e9, measuring,
                        o.sockets, workers.broken());
                last[0] = s;
                checkConnections(workers);
            }
        });
        long stoppedAt = System.nanoTime();
        boolean stopped = workers.stopSenders(ANSWER_MILLIS);
        checkConnections(workers);
        if (!stopped) {
            throw new EndpointException("the server at " + Addresses.show(server) + " stopped reading: a sender could not finish its "
                    + "last batch within " + ANSWER_MILLIS / 1000 + " s");
        }
        StreamWorkers.Snapshot ended = workers.snapshot();
        List<ConnectionReport> reports = new ArrayList<>();
        for (TcpTransport t : data) {
            reports.add(askReport(t));
        }
        data.forEach(StreamTransport::close); // the server's test ends here, not after the round trips
        Histogram rtt = measureRtt(options);

        StreamWorkers.Snapshot w = warm[0];
        long sent = ended.sentMeasured();
        long received = 0;
        long frames = 0;
        long cpu = 0;
        long outOfSequence = 0;
        long unrecognised = 0;
        for (ConnectionReport r : reports) {
            received += r.measured();
            frames += r.frames();
            cpu = r.cpuNanos() < 0 || cpu < 0 ? -1 : cpu + r.cpuNanos();
            outOfSequence += r.outOfSequence();
            unrecognised += r.unrecognised();
        }
        TcpResult.Costs costs = new TcpResult.Costs(
                TcpBenchmark.per(ended.sendCpuNanos(), w.sendCpuNanos(), sent),
                TcpBenchmark.per(cpu, 0, frames),
                TcpBenchmark.per(ended.sendAllocated(), w.sendAllocated(), sent));
        TcpResult.Setup setup = new TcpResult.Setup(o.transportName(), capabilities, Length32.NAME, o.size, o.batch(),
                o.sockets, server.getAddress() instanceof java.net.Inet6Address);
        return new TcpResult(setup, (w.atNanos() - start) / 1e9, (stoppedAt - w.atNanos()) / 1e9,
                new TcpResult.Messages(sent, received, outOfSequence, unrecognised),
                new TcpResult.Connections(o.sockets, 0, null), ended.writeCalls() - w.writeCalls(),
                ended.writesFull() - w.writesFull(), costs, TcpBenchmark.rttSummary(rtt));
    }

    /** A broken data connection ends the test: the server is gone, and what it received is unknown. */
    private void checkConnections(StreamWorkers workers) throws EndpointException {
        if (workers.broken() > 0) {
            throw new EndpointException("peer gone: " + workers.firstFailure() + " (server " + Addresses.show(server) + ")");
        }
    }

    /** Sends a report request and reads frames until the reply. */
    private ConnectionReport askReport(TcpTransport t) throws IOException {
        DatagramBuffer request = StreamWire.writeControl(DatagramBuffer.allocate(64, 0), StreamWire.REPORT);
        DatagramBuffer in = DatagramBuffer.allocate(Length32.READ_BUFFER, 0);
        long giveUp = System.nanoTime() + ANSWER_MILLIS * 1_000_000;
        try {
            StreamIdle.BLOCK.writeFully(t, request);
            while (true) {
                while (in.length() >= Length32.HEADER) {
                    int length = Length32.payloadLength(in, 0);
                    if (Length32.HEADER + length > in.capacity()) {
                        throw new EndpointException("the server at " + Addresses.show(server) + " answered with a "
                                + length + "-byte frame, not a report: is it salvo-perf server --protocol tcp?");
                    }
                    if (in.length() < Length32.HEADER + length) {
                        break;
                    }
                    if (ConnectionReport.isReply(in, Length32.HEADER, length)) {
                        return ConnectionReport.readFrom(in, Length32.HEADER);
                    }
                    in.advance(Length32.HEADER + length); // not for us
                }
                Length32.compact(in);
                int n = t.read(in);
                if (n < 0) {
                    throw new EndpointException("peer gone: the server at " + Addresses.show(server) + " closed the connection instead of "
                            + "reporting");
                }
                long left = giveUp - System.nanoTime();
                if (n == 0) {
                    if (left <= 0) {
                        throw new EndpointException("no report from " + Addresses.show(server) + " within " + ANSWER_MILLIS / 1000
                                + " s: is it salvo-perf server --protocol tcp?");
                    }
                    t.awaitReadable(left);
                }
            }
        } catch (EndpointException e) {
            throw e;
        } catch (FramingException e) {
            throw new EndpointException("the server at " + Addresses.show(server) + " does not speak length32: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            if (Addresses.isPeerGone(e)) {
                throw new EndpointException("peer gone: " + e.getMessage() + " (server " + Addresses.show(server) + ")", e);
            }
            throw e;
        }
    }

    /** Round trips on one more connection, turned into an echoing one, for 1 s (a fifth of shorter runs). */
    private Histogram measureRtt(TcpOptions options) throws IOException {
        long nanos = (long) Math.min(1e9, o.durationSeconds * 0.2e9);
        try (TcpTransport t = StreamEndpoints.connectTcp(server, options)) {
            try {
                StreamPing.hello(t, StreamEndpoints.CONNECT_TIMEOUT.toNanos());
            } catch (IOException e) {
                throw new EndpointException("the server at " + Addresses.show(server) + " does not echo: " + e.getMessage(), e);
            }
            Histogram h = StreamPing.histogram();
            StreamPing.measure(t, o.size, StreamIdle.SPIN, 0, 200_000, System.nanoTime() + nanos, h);
            return h;
        } catch (EndpointException e) {
            throw e;
        } catch (IOException e) {
            if (Addresses.isPeerGone(e)) {
                throw new EndpointException("peer gone during the round trips: " + e.getMessage() + " (server "
                        + Addresses.show(server) + ")", e);
            }
            throw e;
        }
    }
}
