package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.nio.channels.ClosedChannelException;

/**
 * Receives batches until the transport closes, counting datagrams and bytes (a GRO super-buffer
 * counts as the datagrams it carries). After a partial batch (the queue is drained) or an empty
 * one it waits in {@code awaitReadable}, so an idle receiver costs no CPU and a keeping-up receiver
 * makes two system calls per wake-up. Allocation-free per batch.
 */
public final class ReceiverLoop implements Runnable {

    private final DatagramTransport transport;
    private final PacketBatch batch;
    private final long coalesceNanos;
    volatile long received;
    volatile long bytes;
    volatile long lastArrivalNanos = System.nanoTime();
    volatile Throwable failure;

    /** A loop receiving {@code batchSize} messages per call into buffers of {@code capacity} bytes. */
    public ReceiverLoop(DatagramTransport transport, int batchSize, int capacity) {
        this(transport, batchSize, capacity, 0);
    }

    /**
     * A loop that, after a partial batch, lets the queue fill for {@code coalesceNanos} before the
     * next receive: fewer, fuller system calls per datagram for at most that much added latency.
     */
    public ReceiverLoop(DatagramTransport transport, int batchSize, int capacity, long coalesceNanos) {
        this.coalesceNanos = coalesceNanos;
        this.transport = transport;
        this.batch = PacketBatch.allocate(batchSize, capacity, 0);
    }

    @Override
    public void run() {
        long count = 0;
        long byteCount = 0;
        int slots = batch.slots();
        try {
            while (true) {
                int n = transport.recvBatch(batch);
                if (n == 0) {
                    transport.awaitReadable(50_000_000);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    int length = batch.buffer(i).length();
                    int segment = batch.segmentSize(i);
                    count += segment > 0 && length > segment ? Math.ceilDiv(length, segment) : 1;
                    byteCount += length;
                }
                received = count;
                bytes = byteCount;
                lastArrivalNanos = System.nanoTime();
                if (n < slots) {
                    // A partial batch emptied the queue: wait rather than pay for an empty receive.
                    if (coalesceNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(coalesceNanos);
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
            bytes = byteCount;
            batch.close();
        }
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
