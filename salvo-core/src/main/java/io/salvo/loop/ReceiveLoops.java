package io.salvo.loop;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.packet.BatchAccess;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * Receive loops with synchronous callbacks, after Jane Street's {@code Async_udp}: each runs on
 * the calling thread until {@link LoopConfig#stop()} completes or the transport closes, calling the
 * callback with datagrams as they arrive. Synchronous callbacks are the point: a queue between the
 * socket and the application would force a copy.
 *
 * <p>Every loop allocates its {@link PacketBatch} once, when it starts, and nothing per datagram
 * (on native transports, and as long as the callback allocates nothing). A loop ends by completing
 * the stop future: normally when stopped or when the transport closes; exceptionally with the error
 * when the error handler says {@link LoopErrorHandler.Action#STOP}.
 */
public final class ReceiveLoops {

    private ReceiveLoops() {
    }

    /** One callback per datagram, with its source available from the batch. */
    public static void recvFromLoop(DatagramTransport transport, LoopConfig config, Handlers.DatagramHandler handler) {
        run(transport, config, true, (batch, count) -> {
            for (int i = 0; i < count; i++) { // a batch in hand is delivered whole, stop or not
                DatagramBuffer b = batch.buffer(i);
                config.before().accept(b);
                try {
                    handler.onDatagram(batch, i);
                } catch (Exception e) {
                    if (stopsOn(e, config)) {
                        return false;
                    }
                } finally {
                    config.after().accept(b);
                }
            }
            return true;
        });
    }

    /** One callback per batch, sources decoded on request ({@code batch.peerAddress(i)}). */
    public static void recvBatchLoop(DatagramTransport transport, LoopConfig config, Handlers.BatchHandler handler) {
        run(transport, config, true, batchStep(config, handler));
    }

    /** One callback per batch, without sources: the kernel copies no addresses (peer addresses read null). */
    public static void recvBatchLoopWithoutSources(DatagramTransport transport, LoopConfig config,
                                                   Handlers.BatchHandler handler) {
        run(transport, config, false, batchStep(config, handler));
    }

    /**
     * One callback per datagram that returns the buffer to use for the slot from now on; a
     * different buffer means the callback kept the received one, which the loop then never touches
     * again and which stays valid after the loop ends (the loop's own slot buffers are standalone,
     * freed by the garbage collector). On a GRO socket the kept buffer holds a copy of the datagram.
     */
    public static void recvLoopWithBufferReplacement(DatagramTransport transport, LoopConfig config,
                                                     Handlers.ReplacingDatagramHandler handler) {
        run(transport, config, true, true, (batch, count) -> {
            for (int i = 0; i < count; i++) { // a batch in hand is delivered whole, stop or not
                BatchAccess.state(batch).ownSlotBuffer(i);
                DatagramBuffer received = batch.buffer(i);
                config.before().accept(received);
                DatagramBuffer next;
                try {
                    next = handler.onDatagram(batch, i);
                } catch (Exception e) {
                    config.after().accept(received);
                    if (stopsOn(e, config)) {
                        return false;
                    }
                    continue;
                }
                if (next == null) {
                    if (stopsOn(new NullPointerException("the handler returned no buffer for slot " + i), config)) {
                        return false;
                    }
                    continue;
                }
                if (next != received) {
                    batch.replaceBuffer(i, next);
                }
                config.after().accept(next);
            }
            return true;
        });
    }

    /** One callback per datagram with just its buffer: for connected UDP and Unix sockets. */
    public static void readLoop(DatagramTransport transport, LoopConfig config, Handlers.ReadHandler handler) {
        recvFromLoop(transport, config, (batch, slot) -> handler.onRead(batch.buffer(slot)));
    }

    /** {@link #readLoop} with buffer replacement; see {@link #recvLoopWithBufferReplacement}. */
    public static void readLoopWithBufferReplacement(DatagramTransport transport, LoopConfig config,
                                                     Handlers.ReplacingReadHandler handler) {
        recvLoopWithBufferReplacement(transport, config, (batch, slot) -> handler.onRead(batch.buffer(slot)));
    }

    /**
     * Receives until exactly {@code n} datagrams fill slots {@code 0..n-1} or the timeout passes,
     * waiting for readiness in between (no spinning). Solana's {@code recv_mmsg_exact}.
     *
     * @return how many slots were filled: {@code n}, or fewer after the timeout
     */
    public static int recvExact(DatagramTransport transport, PacketBatch batch, int n, Duration timeout)
            throws IOException {
        if (n < 1 || n > batch.slots()) {
            throw new IllegalArgumentException("n must be between 1 and the batch's " + batch.slots() + " slots, got " + n);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        while (true) {
            count += transport.recvBatch(batch, count, n - count);
            long left = deadline - System.nanoTime();
            if (count == n || left <= 0) {
                return count;
            }
            transport.awaitReadable(left);
        }
    }

    /** Handles one received batch; false ends the loop. */
    @FunctionalInterface
    private interface BatchStep {
        boolean process(PacketBatch batch, int count);
    }

    private static BatchStep batchStep(LoopConfig config, Handlers.BatchHandler handler) {
        return (batch, count) -> {
            for (int i = 0; i < count; i++) {
                config.before().accept(batch.buffer(i));
            }
            try {
                handler.onBatch(batch, count);
            } catch (Exception e) {
                if (stopsOn(e, config)) {
                    return false;
                }
            } finally {
                for (int i = 0; i < count; i++) {
                    config.after().accept(batch.buffer(i));
                }
            }
            return true;
        };
    }

    /** The engine every loop shares: receive (with coalescing), process, idle; stop and errors as configured. */
    private static void run(DatagramTransport transport, LoopConfig config, boolean sources, BatchStep step) {
        run(transport, config, sources, false, step);
    }

    /**
     * @param handsOverBuffers the callback may keep buffers: slots then start with standalone
     *                         buffers (freed by the GC), so a kept one outlives the loop and its batch
     */
    private static void run(DatagramTransport transport, LoopConfig config, boolean sources, boolean handsOverBuffers,
                            BatchStep step) {
        IdleStrategy idle = config.idle();
        try (TransportReadiness readiness = new TransportReadiness(transport, config.stop());
             PacketBatch batch = PacketBatch.allocate(config.batchSize(), config.bufferCapacity(), config.headroom())) {
            if (handsOverBuffers) {
                for (int i = 0; i < batch.slots(); i++) {
                    batch.replaceBuffer(i, DatagramBuffer.allocate(config.bufferCapacity(), config.headroom()));
                }
            }
            while (!config.stop().isDone()) {
                int work = 0;
                try {
                    for (int r = 0; r < config.maxReady() && !config.stop().isDone(); r++) {
                        int n = receive(transport, batch, sources, config.coalesceNanos());
                        if (n == 0) {
                            break;
                        }
                        work += n;
                        long started = SalvoEvents.timingLoops() ? System.nanoTime() : 0;
                        boolean goOn = step.process(batch, n);
                        if (started != 0) {
                            SalvoEvents.loopCallback(transport, System.nanoTime() - started, n);
                        }
                        if (!goOn) {
                            return;
                        }
                    }
                    idle.idle(work, readiness);
                } catch (ClosedChannelException closed) {
                    config.stop().complete(null);
                    return;
                } catch (IOException e) {
                    if (stopsOn(e, config)) {
                        return;
                    }
                }
            }
        } finally {
            config.stop().complete(null); // no-op when already completed, normally or not
        }
    }

    /**
     * One receive; with coalescing, a partial batch keeps filling until full or until the deadline,
     * never sleeping past it (readiness waits only while a whole millisecond is left, then spins).
     */
    static int receive(DatagramTransport t, PacketBatch batch, boolean sources, long coalesceNanos) throws IOException {
        int n = sources ? t.recvBatch(batch) : t.recvBatchWithoutSources(batch);
        if (n == 0 || coalesceNanos == 0 || n == batch.slots()) {
            return n;
        }
        long deadline = System.nanoTime() + coalesceNanos;
        int count = n;
        while (count < batch.slots()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int more = sources ? t.recvBatch(batch, count, Integer.MAX_VALUE)
                    : t.recvBatchWithoutSources(batch, count, Integer.MAX_VALUE);
            if (more > 0) {
                count += more;
            } else if (left >= 2_000_000) {
                t.awaitReadable(left - 1_000_000);
            } else {
                Thread.onSpinWait();
            }
        }
        return count;
    }

    /** Asks the error handler; on STOP completes the stop future exceptionally and returns true. */
    private static boolean stopsOn(Throwable e, LoopConfig config) {
        return LoopErrorHandler.stops(config.errorHandler(), e, config.stop());
    }
}
