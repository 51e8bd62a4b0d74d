package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Settings of a receive loop, after Jane Street's {@code Async_udp.Config}. Start from
 * {@link #defaults()} and change what you need with the {@code withXxx} methods.
 *
 * @param bufferCapacity largest datagram a slot holds (default 1472 = 1500 - 28)
 * @param headroom       bytes kept free in front of each payload (default 0)
 * @param batchSize      datagrams per receive call (default 64)
 * @param before         run on each buffer before its callback (default: nothing; the window already frames the datagram)
 * @param after          run on each buffer after its callback (default: reset it for the next receive)
 * @param stop           complete it to end the loop as soon as possible (after the batch in hand, which is always
 *                       delivered whole); the loop completes it itself when it ends
 *                       (normally when the transport closes, exceptionally on an error the handler stops for)
 * @param maxReady       at most this many receive calls per wake-up before the loop (or poller) turns to other work (default 16)
 * @param idle           how to wait when idle; a fresh instance per loop (default: {@link IdleStrategies#blocking()})
 * @param coalesceNanos  after a partial batch, keep receiving into the same batch until it is full or this long has
 *                       passed, then hand it over (default 0: hand over at once); never sleeps past the deadline
 * @param errorHandler   what to do when a callback throws (default: stop)
 */
public record LoopConfig(
        int bufferCapacity,
        int headroom,
        int batchSize,
        Consumer<DatagramBuffer> before,
        Consumer<DatagramBuffer> after,
        CompletableFuture<Void> stop,
        int maxReady,
        IdleStrategy idle,
        long coalesceNanos,
        LoopErrorHandler errorHandler) {

    public LoopConfig {
        if (bufferCapacity <= 0 || headroom < 0 || batchSize <= 0 || maxReady <= 0 || coalesceNanos < 0) {
            throw new IllegalArgumentException("bufferCapacity, batchSize and maxReady must be > 0; headroom and "
                    + "coalesceNanos >= 0");
        }
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(errorHandler, "errorHandler");
    }

    /** The documented defaults, with a fresh stop future and idle strategy. */
    public static LoopConfig defaults() {
        return new LoopConfig(DatagramBuffer.DEFAULT_CAPACITY, 0, 64, b -> { }, DatagramBuffer::reset,
                new CompletableFuture<>(), 16, IdleStrategies.blocking(), 0, LoopErrorHandler.STOP);
    }

    public LoopConfig withBuffers(int capacity, int headroomBytes) {
        return new LoopConfig(capacity, headroomBytes, batchSize, before, after, stop, maxReady, idle, coalesceNanos,
                errorHandler);
    }

    public LoopConfig withBatchSize(int size) {
        return new LoopConfig(bufferCapacity, headroom, size, before, after, stop, maxReady, idle, coalesceNanos,
                errorHandler);
    }

    public LoopConfig withHooks(Consumer<DatagramBuffer> beforeHook, Consumer<DatagramBuffer> afterHook) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, beforeHook, afterHook, stop, maxReady, idle,
                coalesceNanos, errorHandler);
    }

    public LoopConfig withStop(CompletableFuture<Void> stopSignal) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, before, after, stopSignal, maxReady, idle,
                coalesceNanos, errorHandler);
    }

    public LoopConfig withMaxReady(int calls) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, before, after, stop, calls, idle, coalesceNanos,
                errorHandler);
    }

    public LoopConfig withIdle(IdleStrategy strategy) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, before, after, stop, maxReady, strategy,
                coalesceNanos, errorHandler);
    }

    public LoopConfig withCoalescing(long nanos) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, before, after, stop, maxReady, idle, nanos,
                errorHandler);
    }

    public LoopConfig withErrorHandler(LoopErrorHandler handler) {
        return new LoopConfig(bufferCapacity, headroom, batchSize, before, after, stop, maxReady, idle, coalesceNanos,
                handler);
    }
}
