package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.net.SocketAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends full batches to one destination until told to stop, optionally paced to a rate. With GSO
 * each message carries {@code segments} datagrams of {@code size} bytes. Allocation-free per batch.
 */
public final class SenderLoop implements Runnable {

    private final DatagramTransport transport;
    private final PacketBatch batch;
    private final long rate;
    volatile boolean running = true;
    /** Datagrams handed to the kernel so far (written by the sender thread only). */
    volatile long sent;
    volatile Throwable failure;

    SenderLoop(DatagramTransport transport, SocketAddress target, PerfOptions o, long rate) {
        this(transport, target, o.size, o.batch, o.segmentsPerMessage(), rate);
    }

    /**
     * @param size     payload bytes per datagram
     * @param batchSize messages per send call
     * @param segments datagrams per message (GSO when above 1)
     * @param rate     datagrams per second, 0 for as fast as possible
     */
    public SenderLoop(DatagramTransport transport, SocketAddress target, int size, int batchSize, int segments, long rate) {
        this.transport = transport;
        this.rate = rate;
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
                batch.setCount(batch.count());
                while (batch.remaining() > 0 && running) {
                    total += transport.sendBatch(batch);
                    if (batch.remaining() > 0) {
                        transport.awaitWritable(1_000_000);
                    }
                }
                sent = total;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            sent = total;
            batch.close();
        }
    }

    /** Datagrams sent so far. */
    public long sent() {
        return sent;
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
