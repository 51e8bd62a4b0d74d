package io.salvo.transport.udp;

import io.salvo.loop.Handlers;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.Poller;
import io.salvo.loop.ReceiveLoops;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of Salvo's loops receiving numbered datagrams (see {@link NumberedTraffic#fill}) and counting
 * them: distinct numbers, duplicates, first arrivals below the highest number seen (out of order),
 * and all arrivals. {@link #arrivals()} may be read while it runs; the other counts after
 * {@link #close()}.
 */
final class CountingLoop implements AutoCloseable {

    /** Which loop receives: a receive loop on a thread of its own, or the Poller. */
    enum Kind { RECEIVE_LOOP, POLLER }

    private final BitSet seen = new BitSet();
    private final AtomicLong arrivals = new AtomicLong();
    private long duplicates;
    private long outOfOrder;
    private int highest = -1;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final Thread thread;
    private final Poller poller;

    CountingLoop(UdpTransport rx, Kind kind) throws Exception {
        LoopConfig config = LoopConfig.defaults().withBuffers(2048, 0).withBatchSize(64).withStop(stop);
        Handlers.BatchHandler count = (batch, n) -> {
            for (int i = 0; i < n; i++) {
                int seq = batch.buffer(i).getInt(0);
                if (seen.get(seq)) {
                    duplicates++;
                } else {
                    seen.set(seq);
                    if (seq < highest) {
                        outOfOrder++;
                    }
                    highest = Math.max(highest, seq);
                }
            }
            arrivals.addAndGet(n);
        };
        if (kind == Kind.POLLER) {
            thread = null;
            poller = Poller.start("poller-" + rx.localAddress(), config);
            poller.register(rx, count);
        } else {
            poller = null;
            thread = Thread.ofPlatform().daemon().name("loop-" + rx.localAddress())
                    .start(() -> ReceiveLoops.recvBatchLoop(rx, config, count));
        }
    }

    /** Datagrams received so far, copies included. */
    long arrivals() {
        return arrivals.get();
    }

    /** How many arrivals to wait for, read afresh each time (it may include the kernel's counts). */
    @FunctionalInterface
    interface Expected {
        long count() throws Exception;
    }

    /** Waits until {@link #arrivals()} reaches {@code expected}, or the deadline ({@link System#nanoTime()}). */
    void awaitArrivals(Expected expected, long deadline) throws Exception {
        while (arrivals.get() < expected.count() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** The numbers that arrived (after {@link #close()}). */
    BitSet seen() {
        return seen;
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Stops the loop; the counts are final after this (the join orders them before the reads). */
    @Override
    public void close() throws Exception {
        if (poller != null) {
            poller.close();
            assertThat(poller.stopped()).as("the poller ended without an error").isCompleted().isNotCompletedExceptionally();
            return;
        }
        stop.complete(null);
        thread.join(10_000);
        assertThat(thread.isAlive()).as("the receive loop stopped").isFalse();
        assertThat(stop).as("the loop ended without an error").isCompletedWithValue(null);
    }
}
