package io.salvo.perf;

import io.salvo.perf.sequence.ArrivalCounter;
import io.salvo.perf.sequence.Arrivals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads of a run in one process: a sequenced receive loop per receiver and a sequenced send
 * loop per sender, with their counters. Knows how to start, stop, drain and read them; the
 * timeline is {@link LocalBenchmark}'s.
 */
final class LocalWorkers {

    private final LocalEndpoints endpoints;
    private final List<ReceiverLoop> receiveLoops = new ArrayList<>();
    private final List<ArrivalCounter> counters = new ArrayList<>();
    private final List<SenderLoop> sendLoops = new ArrayList<>();
    private final List<Thread> receiveThreads = new ArrayList<>();
    private final List<Thread> sendThreads = new ArrayList<>();
    private final ThreadGroupMeter receiveMeter;
    private final ThreadGroupMeter sendMeter;

    /**
     * Starts the receivers, then the senders (the rate split evenly between them).
     *
     * @param measureFromStart stamp datagrams as measured from the first one (no warm-up)
     */
    LocalWorkers(PerfOptions o, LocalEndpoints endpoints, boolean measureFromStart) {
        this.endpoints = endpoints;
        for (int i = 0; i < o.sockets; i++) {
            ArrivalCounter counter = new ArrivalCounter();
            ReceiverLoop rx = new ReceiverLoop(endpoints.receivers().get(i), o.batch(), o.receiveCapacity(),
                    o.coalesceMicros * 1_000, counter);
            counters.add(counter);
            receiveLoops.add(rx);
            receiveThreads.add(Thread.ofPlatform().name("salvo-perf-receiver-" + i).start(rx));
        }
        long perSenderRate = o.rate == 0 ? 0 : Math.max(1, o.rate / o.sockets);
        for (int i = 0; i < o.sockets; i++) {
            SenderLoop tx = new SenderLoop(endpoints.senders().get(i), endpoints.target(i), o, perSenderRate, i);
            if (measureFromStart) {
                tx.startMeasuring();
            }
            sendLoops.add(tx);
        }
        for (int i = 0; i < o.sockets; i++) {
            sendThreads.add(Thread.ofPlatform().name("salvo-perf-sender-" + i).start(sendLoops.get(i)));
        }
        receiveMeter = new ThreadGroupMeter(receiveThreads);
        sendMeter = new ThreadGroupMeter(sendThreads);
    }

    /** From their next batch on, senders stamp datagrams as sent in the measured window. */
    void startMeasuring() {
        sendLoops.forEach(SenderLoop::startMeasuring);
    }

    /** Stops the senders after their current batch and waits for them. */
    void stopSenders() throws InterruptedException {
        sendLoops.forEach(SenderLoop::stop);
        for (Thread t : sendThreads) {
            t.join();
        }
    }

    /**
     * The grace period after sending stops: waits until the receivers have had nothing new for
     * {@code quietNanos} and the endpoints are {@linkplain LocalEndpoints#settled() settled} (at
     * most {@code maxNanos}), so datagrams still in flight are counted.
     */
    void drain(long quietNanos, long maxNanos) throws InterruptedException {
        long giveUp = System.nanoTime() + maxNanos;
        while (System.nanoTime() < giveUp) {
            long newest = receiveLoops.stream().mapToLong(r -> r.lastArrivalNanos).max().orElse(0);
            if (System.nanoTime() - newest > quietNanos && endpoints.settled()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Closes the receivers and waits for their loops to end; their counts are final afterwards. */
    void stopReceivers() throws InterruptedException {
        endpoints.receivers().forEach(io.salvo.transport.DatagramTransport::close);
        for (Thread t : receiveThreads) {
            t.join();
        }
    }

    /** Stops everything without waiting (on failure). */
    void abort() {
        sendLoops.forEach(SenderLoop::stop);
    }

    /** Throws if a loop ended abnormally. */
    void checkFailures() throws IOException {
        for (SenderLoop l : sendLoops) {
            if (l.failure != null) {
                throw new IOException("sender failed: " + l.failure, l.failure);
            }
        }
        for (ReceiverLoop l : receiveLoops) {
            if (l.failure != null) {
                throw new IOException("receiver failed: " + l.failure, l.failure);
            }
        }
    }

    /**
     * The counters now. The receivers are read before the senders, so {@code startedMeasured} covers
     * every arrival counted. CPU figures are only meaningful while the threads run.
     */
    Snapshot snapshot() {
        Arrivals all = Arrivals.NONE;
        Arrivals measured = Arrivals.NONE;
        for (ArrivalCounter c : counters) {
            all = all.plus(c.all());
            measured = measured.plus(c.measured());
        }
        long startedMeasured = sendLoops.stream().mapToLong(SenderLoop::startedMeasured).sum();
        List<io.salvo.transport.DatagramTransport> sockets = new ArrayList<>(endpoints.senders());
        sockets.addAll(endpoints.receivers());
        return new Snapshot(System.nanoTime(), sendLoops.stream().mapToLong(SenderLoop::sent).sum(),
                sendLoops.stream().mapToLong(SenderLoop::sentMeasured).sum(), startedMeasured, all, measured,
                receiveLoops.stream().mapToLong(ReceiverLoop::received).sum(), sendMeter.cpuNanos(),
                receiveMeter.cpuNanos(), sendMeter.allocatedBytes(), receiveMeter.allocatedBytes(),
                SocketTotals.of(sockets));
    }

    /**
     * The workers' counters at one moment.
     *
     * @param sent         datagrams sent so far, warm-up included
     * @param sentMeasured of those, sent in the measured window
     * @param startedMeasured sentMeasured plus the measured batches being sent now
     * @param all          arrivals so far, warm-up included
     * @param measured     arrivals of datagrams sent in the measured window
     * @param datagramsReceived every datagram the receive loops handled (what their CPU time is spent on)
     */
    record Snapshot(long atNanos, long sent, long sentMeasured, long startedMeasured, Arrivals all, Arrivals measured,
                    long datagramsReceived, long sendCpuNanos, long receiveCpuNanos, long sendAllocated,
                    long receiveAllocated, SocketTotals sockets) {
    }
}
