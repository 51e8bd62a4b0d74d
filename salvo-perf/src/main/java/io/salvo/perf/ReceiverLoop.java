package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.perf.sequence.ArrivalCounter;
import io.salvo.transport.DatagramTransport;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.LockSupport;

/**
 * Receives batches until the transport closes, counting datagrams (a GRO super-buffer counts as
 * the datagrams it carries). After a partial batch (the queue is drained) or an empty one it waits
 * in {@code awaitReadable}, so an idle receiver costs no CPU and a keeping-up receiver makes two
 * system calls per wake-up. Allocation-free per batch.
 *
 * <p>A sequenced loop (salvo-perf's own) also hands every datagram to an {@link ArrivalCounter},
 * which tells unique arrivals from duplicates by their sequence numbers; an unsequenced one (the
 * comparison benchmarks') only counts.
 */
public final class ReceiverLoop implements Runnable {

    private final DatagramTransport transport;
    private final PacketBatch batch;
    private final long coalesceNanos;
    /** Null for an unsequenced loop. */
    private final ArrivalCounter arrivals;
    /** Datagrams received so far, whatever they were. */
    volatile long received;
    volatile long lastArrivalNanos = System.nanoTime();
    volatile Throwable failure;

    /** An unsequenced loop receiving {@code batchSize} messages per call into buffers of {@code capacity} bytes. */
    public ReceiverLoop(DatagramTransport transport, int batchSize, int capacity) {
        this(transport, batchSize, capacity, 0);
    }

    /**
     * An unsequenced loop that, after a partial batch, lets the queue fill for {@code coalesceNanos}
     * before the next receive: fewer, fuller system calls per datagram for at most that much added latency.
     */
    public ReceiverLoop(DatagramTransport transport, int batchSize, int capacity, long coalesceNanos) {
        this(transport, batchSize, capacity, coalesceNanos, null);
    }

    /** A sequenced loop: every datagram also goes to {@code arrivals}, published after each batch. */
    ReceiverLoop(DatagramTransport transport, int batchSize, int capacity, long coalesceNanos, ArrivalCounter arrivals) {
        this.coalesceNanos = coalesceNanos;
        this.transport = transport;
        this.arrivals = arrivals;
        this.batch = PacketBatch.allocate(batchSize, capacity, 0);
    }

    @Override
    public void run() {
        long count = 0;
        int slots = batch.slots();
        try {
            while (true) {
                int n = transport.recvBatch(batch);
                if (n == 0) {
                    transport.awaitReadable(50_000_000);
                    continue;
                }
                count += arrivals == null ? countOnly(n) : countAndClassify(n);
                received = count;
                lastArrivalNanos = System.nanoTime();
                if (n < slots) {
                    // A partial batch emptied the queue: wait rather than pay for an empty receive.
                    if (coalesceNanos > 0) {
                        LockSupport.parkNanos(coalesceNanos);
                    } else {
                        transport.awaitReadable(50_000_000);
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            // normal end: the benchmark closed the socket
        } catch (Throwable t) {
            failure = t;
        } finally {
            received = count;
            batch.close();
        }
    }

    private long countOnly(int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            int length = batch.length(i); // the metadata array: no buffer object to visit
            int segment = batch.segmentSize(i);
            count += segment > 0 && length > segment ? Math.ceilDiv(length, segment) : 1;
        }
        return count;
    }

    private long countAndClassify(int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            count += arrivals.record(batch.buffer(i), batch.segmentSize(i));
        }
        arrivals.publish();
        return count;
    }

    /** Datagrams received so far. */
    public long received() {
        return received;
    }

    /** What ended the loop abnormally (other than the transport closing), or null. */
    public Throwable failure() {
        return failure;
    }
}
