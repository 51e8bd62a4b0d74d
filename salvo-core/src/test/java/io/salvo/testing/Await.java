package io.salvo.testing;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.time.Duration;

/** Polling helpers for tests over real sockets, where a datagram may take a moment to land. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(5);

    private Await() {
    }

    /**
     * Receives into {@code batch} until it returns at least one datagram or the timeout passes.
     *
     * @return the count of the receive that returned datagrams, or 0 after the timeout
     */
    public static int recvBatch(DatagramTransport t, PacketBatch batch) throws IOException {
        long deadline = System.nanoTime() + DEFAULT.toNanos();
        while (true) {
            int n = t.recvBatch(batch);
            if (n > 0 || System.nanoTime() > deadline) {
                return n;
            }
            Thread.onSpinWait();
        }
    }

    /** Keeps receiving until {@code total} datagrams have been seen or the timeout passes; returns how many. */
    public static int drain(DatagramTransport t, PacketBatch batch, int total, java.util.function.IntConsumer perBatch)
            throws IOException {
        long deadline = System.nanoTime() + DEFAULT.toNanos();
        int seen = 0;
        while (seen < total && System.nanoTime() < deadline) {
            int n = t.recvBatch(batch);
            if (n > 0) {
                perBatch.accept(n);
                seen += n;
            } else {
                Thread.onSpinWait();
            }
        }
        return seen;
    }
}
