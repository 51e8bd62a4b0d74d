package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.nio.channels.ClosedChannelException;

/**
 * Receives batches until the transport closes, counting datagrams and bytes (a GRO super-buffer
 * counts as the datagrams it carries). Spins briefly when the socket is empty, then waits in
 * {@code awaitReadable} so an idle receiver costs no CPU. Allocation-free per batch.
 */
public final class ReceiverLoop implements Runnable {

    /** Empty receives before waiting in poll(2): each is a system call, so spinning costs CPU per datagram. */
    private static final int SPINS_BEFORE_WAITING = 1;

    private final DatagramTransport transport;
    private final PacketBatch batch;
    volatile long received;
    volatile long bytes;
    volatile long lastArrivalNanos = System.nanoTime();
    volatile Throwable failure;

    /** A loop receiving {@code batchSize} messages per call into buffers of {@code capacity} bytes. */
    public ReceiverLoop(DatagramTransport transport, int batchSize, int capacity) {
        this.transport = transport;
        this.batch = PacketBatch.allocate(batchSize, capacity, 0);
    }

    @Override
    public void run() {
        long count = 0;
        long byteCount = 0;
        int empty = 0;
        try {
            while (true) {
                int n = transport.recvBatch(batch);
                if (n == 0) {
                    if (++empty > SPINS_BEFORE_WAITING) {
                        transport.awaitReadable(50_000_000);
                        empty = 0;
                    }
                    continue;
                }
                empty = 0;
                for (int i = 0; i < n; i++) {
                    int length = batch.buffer(i).length();
                    int segment = batch.segmentSize(i);
                    count += segment > 0 && length > segment ? Math.ceilDiv(length, segment) : 1;
                    byteCount += length;
                }
                received = count;
                bytes = byteCount;
                lastArrivalNanos = System.nanoTime();
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
