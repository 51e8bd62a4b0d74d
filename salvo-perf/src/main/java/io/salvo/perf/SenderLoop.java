package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends full batches to one destination until told to stop, optionally paced to a rate. With GSO
 * each message carries {@code segments} datagrams of {@code size} bytes. Allocation-free per batch.
 */
final class SenderLoop implements Runnable {

    private final DatagramTransport transport;
    private final PacketBatch batch;
    private final int datagramsPerBatch;
    private final long rate;
    volatile boolean running = true;
    /** Datagrams handed to the kernel so far (written by the sender thread only). */
    volatile long sent;
    volatile Throwable failure;

    SenderLoop(DatagramTransport transport, SocketAddress target, PerfOptions o, long rate) {
        this.transport = transport;
        this.rate = rate;
        int segments = o.segmentsPerMessage();
        int messageBytes = o.size * segments;
        this.batch = PacketBatch.allocate(o.batch, messageBytes, 0);
        byte[] payload = new byte[messageBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        for (int i = 0; i < o.batch; i++) {
            batch.add(payload, target);
            if (segments > 1) {
                batch.setSegmentSize(i, o.size);
            }
        }
        this.datagramsPerBatch = o.batch * segments;
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

    int datagramsPerBatch() {
        return datagramsPerBatch;
    }
}
