package io.salvo.perf;

import io.salvo.perf.stream.FrameCounter;
import io.salvo.perf.stream.LoopMeter;
import io.salvo.perf.stream.StreamReceiverLoop;
import io.salvo.perf.stream.StreamSenderLoop;
import io.salvo.stream.StreamTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The threads of a TCP run: a sender loop per data connection, and in one process a receiver loop
 * on the other end of each. Knows how to start, stop, drain and read them; the timeline is the
 * caller's. Sender {@code i} and receiver {@code i} are the two ends of connection {@code i}.
 */
final class StreamWorkers {

    private final List<StreamSenderLoop> senders = new ArrayList<>();
    private final List<Thread> senderThreads = new ArrayList<>();
    private final List<StreamReceiverLoop> receivers = new ArrayList<>();
    private final List<Thread> receiverThreads = new ArrayList<>();

    /**
     * Starts a receiver on each of {@code receiveOn}, then a sender on each of {@code sendOn}, the
     * rate split evenly between the senders.
     *
     * @param endStreams       senders end their stream when stopped (else the caller still writes on it)
     * @param measureFromStart stamp frames as measured from the first one (no warm-up)
     */
    StreamWorkers(List<? extends StreamTransport> sendOn, List<? extends StreamTransport> receiveOn, int size, int batch,
                  long rate, boolean endStreams, boolean measureFromStart) {
        for (int i = 0; i < receiveOn.size(); i++) {
            StreamReceiverLoop rx = new StreamReceiverLoop(receiveOn.get(i));
            receivers.add(rx);
            receiverThreads.add(Thread.ofPlatform().name("salvo-perf-receiver-" + i).start(rx));
        }
        long perSender = rate == 0 ? 0 : Math.max(1, rate / sendOn.size());
        for (int i = 0; i < sendOn.size(); i++) {
            StreamSenderLoop tx = new StreamSenderLoop(sendOn.get(i), size, batch, perSender, i, endStreams);
            if (measureFromStart) {
                tx.startMeasuring();
            }
            senders.add(tx);
        }
        for (int i = 0; i < senders.size(); i++) {
            senderThreads.add(Thread.ofPlatform().name("salvo-perf-sender-" + i).start(senders.get(i)));
        }
    }

    /** From their next batch on, senders stamp frames as sent in the measured window. */
    void startMeasuring() {
        senders.forEach(StreamSenderLoop::startMeasuring);
    }

    /**
     * Stops the senders after their current batch (ending their streams, if so made) and waits for
     * them, at most {@code maxMillis} in all.
     *
     * @return true if they all ended; false if one is still writing (its peer stopped reading)
     */
    boolean stopSenders(long maxMillis) throws InterruptedException {
        senders.forEach(StreamSenderLoop::stop);
        long giveUp = System.nanoTime() + maxMillis * 1_000_000;
        for (Thread t : senderThreads) {
            t.join(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every receiver has ended (at its end of stream, or broken), or nothing has
     * arrived for {@code quietNanos}.
     *
     * @return true if they all ended
     */
    boolean awaitReceivers(long quietNanos) throws InterruptedException {
        while (true) {
            if (receiverThreads.stream().noneMatch(Thread::isAlive)) {
                return true;
            }
            long newest = receivers.stream().mapToLong(StreamReceiverLoop::lastArrivalNanos).max().orElse(0);
            if (System.nanoTime() - newest > quietNanos) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /** Stops the senders and waits for every thread; the caller closes the connections first, so none hangs. */
    void joinAll() throws InterruptedException {
        senders.forEach(StreamSenderLoop::stop);
        for (Thread t : senderThreads) {
            t.join(5_000);
        }
        for (Thread t : receiverThreads) {
            t.join(5_000);
        }
    }

    List<StreamSenderLoop> senders() {
        return senders;
    }

    /** Connections where either end failed. */
    int broken() {
        int n = 0;
        for (int i = 0; i < senders.size(); i++) {
            if (failure(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** What broke the first broken connection, or null. */
    String firstFailure() {
        for (int i = 0; i < senders.size(); i++) {
            Throwable f = failure(i);
            if (f != null) {
                return "connection " + i + ": " + f;
            }
        }
        return null;
    }

    private Throwable failure(int i) {
        Throwable f = senders.get(i).failure();
        if (f == null && i < receivers.size()) {
            f = receivers.get(i).failure();
        }
        return f;
    }

    /** The counters now; the receivers are read before the senders, so startedMeasured covers every arrival counted. */
    Snapshot snapshot() {
        long frames = 0;
        long measured = 0;
        long outOfSequence = 0;
        long unrecognised = 0;
        for (StreamReceiverLoop r : receivers) {
            FrameCounter c = r.counter();
            frames += c.frames();
            measured += c.measured();
            outOfSequence += c.outOfSequence();
            unrecognised += c.unrecognised();
        }
        long writeCalls = 0;
        long writesFull = 0;
        for (StreamSenderLoop s : senders) {
            var stats = s.transport().stats();
            writeCalls += stats.writeCalls();
            writesFull += stats.writesFull();
        }
        return new Snapshot(System.nanoTime(), sum(senders, StreamSenderLoop::sent), sum(senders, StreamSenderLoop::sentMeasured),
                sum(senders, StreamSenderLoop::startedMeasured), frames, measured, outOfSequence, unrecognised,
                meters(senders.stream().map(StreamSenderLoop::meter).toList(), LoopMeter::cpuNanos),
                meters(receivers.stream().map(StreamReceiverLoop::meter).toList(), LoopMeter::cpuNanos),
                meters(senders.stream().map(StreamSenderLoop::meter).toList(), LoopMeter::allocatedBytes),
                meters(receivers.stream().map(StreamReceiverLoop::meter).toList(), LoopMeter::allocatedBytes),
                writeCalls, writesFull);
    }

    private static <T> long sum(List<T> loops, ToLongFunction<T> f) {
        return loops.stream().mapToLong(f).sum();
    }

    /** The sum, or -1 if any meter cannot tell. */
    private static long meters(List<LoopMeter> meters, ToLongFunction<LoopMeter> f) {
        long total = 0;
        for (LoopMeter m : meters) {
            long v = f.applyAsLong(m);
            if (v < 0) {
                return -1;
            }
            total += v;
        }
        return total;
    }

    /**
     * The workers' counters at one moment.
     *
     * @param sent             frames sent so far, warm-up included
     * @param sentMeasured     of those, stamped as measured
     * @param startedMeasured  sentMeasured plus the measured batches being written now
     * @param framesReceived   every frame the receivers counted (what their CPU time is spent on)
     * @param receivedMeasured frames stamped as measured that the receivers counted
     */
    record Snapshot(long atNanos, long sent, long sentMeasured, long startedMeasured, long framesReceived,
                    long receivedMeasured, long outOfSequence, long unrecognised, long sendCpuNanos, long receiveCpuNanos,
                    long sendAllocated, long receiveAllocated, long writeCalls, long writesFull) {
    }
}
