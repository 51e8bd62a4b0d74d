package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.perf.sequence.SequenceHeader;
import io.salvo.transport.DatagramTransport;

import java.net.SocketAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends full batches to one destination until told to stop, optionally paced to a rate. With GSO
 * each message carries {@code segments} datagrams of {@code size} bytes. Allocation-free per batch.
 *
 * <p>A sequenced loop (salvo-perf's own) stamps every datagram with a {@link SequenceHeader}: its
 * index, whether it is sent in the measured window (see {@link #startMeasuring()}), and a sequence
 * number, so receivers can count exactly the datagrams sent in the window. An unsequenced loop (the
 * comparison benchmarks') sends the same bytes every time.
 */
public final class SenderLoop implements Runnable {

    private final DatagramTransport transport;
    private final PacketBatch batch;
    private final long rate;
    private final int size;
    private final int segments;
    /** This sender's index in the headers, or -1 for an unsequenced loop. */
    private final int senderIndex;
    volatile boolean running = true;
    private volatile boolean measuring;
    /** Datagrams handed to the kernel so far (written by the sender thread only). */
    volatile long sent;
    /** Of those, datagrams stamped as sent in the measured window. */
    private volatile long sentMeasured;
    /**
     * Datagrams stamped as measured whose sending has begun: {@link #sentMeasured} plus the batch
     * in hand, published before its first send call so that no receiver can count a datagram this
     * does not include yet.
     */
    private volatile long startedMeasured;
    volatile Throwable failure;

    /** salvo-perf's sequenced sender number {@code senderIndex} (0..127). */
    SenderLoop(DatagramTransport transport, SocketAddress target, PerfOptions o, long rate, int senderIndex) {
        this(transport, target, o.size, o.batch(), o.segmentsPerMessage(), rate, senderIndex);
        if (o.size < SequenceHeader.BYTES) {
            throw new IllegalArgumentException("a sequenced datagram needs at least " + SequenceHeader.BYTES + " bytes");
        }
    }

    /**
     * An unsequenced sender.
     *
     * @param size      payload bytes per datagram
     * @param batchSize messages per send call
     * @param segments  datagrams per message (GSO when above 1)
     * @param rate      datagrams per second, 0 for as fast as possible
     */
    public SenderLoop(DatagramTransport transport, SocketAddress target, int size, int batchSize, int segments, long rate) {
        this(transport, target, size, batchSize, segments, rate, -1);
    }

    private SenderLoop(DatagramTransport transport, SocketAddress target, int size, int batchSize, int segments, long rate,
                       int senderIndex) {
        this.transport = transport;
        this.rate = rate;
        this.size = size;
        this.segments = segments;
        this.senderIndex = senderIndex;
        int messageBytes = size * segments;
        this.batch = PacketBatch.allocate(batchSize, messageBytes, 0);
        byte[] payload = new byte[messageBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        for (int i = 0; i < batchSize; i++) {
            batch.add(payload, target);
            if (segments > 1) {
                batch.setSegmentSize(i, size);
            }
        }
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long total = 0;
        long totalMeasured = 0;
        long started = 0;
        long sequence = 0;
        try {
            while (running) {
                if (rate > 0) {
                    long due = start + (long) (total * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                }
                // Read once a batch: every datagram of a batch is in the window or none is.
                boolean measured = measuring;
                if (senderIndex >= 0) {
                    sequence = stamp(measured, sequence);
                }
                if (measured) {
                    started = totalMeasured + (long) batch.count() * segments;
                    startedMeasured = started;
                }
                batch.setCount(batch.count());
                while (batch.remaining() > 0 && running) {
                    int n = transport.sendBatch(batch);
                    total += n;
                    if (measured) {
                        totalMeasured += n;
                    }
                    if (batch.remaining() > 0) {
                        transport.awaitWritable(1_000_000);
                    }
                }
                sent = total;
                sentMeasured = totalMeasured;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            sent = total;
            sentMeasured = totalMeasured;
            startedMeasured = totalMeasured; // what a stop cut short was never sent
            batch.close();
        }
    }

    /**
     * Stamps every datagram of the batch with the next sequence numbers; returns the next unused one.
     * Numbers of datagrams left unsent at a stop are never sent, which the receivers cannot tell
     * from loss, so only datagrams the transport reports sent are counted.
     */
    private long stamp(boolean measured, long sequence) {
        for (int slot = 0; slot < batch.count(); slot++) {
            var buffer = batch.buffer(slot);
            for (int k = 0; k < segments; k++) {
                SequenceHeader.write(buffer, k * size, senderIndex, measured, sequence++);
            }
        }
        return sequence;
    }

    /** Datagrams sent so far. */
    public long sent() {
        return sent;
    }

    /** Datagrams sent so far that were stamped as sent in the measured window. */
    long sentMeasured() {
        return sentMeasured;
    }

    /** {@link #sentMeasured()} plus the measured batch being sent now: never below what receivers have counted. */
    long startedMeasured() {
        return startedMeasured;
    }

    /** From the next batch on, datagrams are stamped as sent in the measured window. */
    void startMeasuring() {
        measuring = true;
    }

    /** Asks the loop to stop after its current batch. */
    public void stop() {
        running = false;
    }

    /** What ended the loop abnormally, or null. */
    public Throwable failure() {
        return failure;
    }
}
