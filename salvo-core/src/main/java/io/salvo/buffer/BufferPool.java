package io.salvo.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A fixed set of equal {@link DatagramBuffer}s carved from one block of native memory, for handing
 * buffer ownership between a receive loop and the code that keeps a datagram for later.
 *
 * <p>{@link #acquire()} takes a buffer (reset, empty) or returns {@code null} when none is free;
 * it never allocates and never blocks. {@link #release(DatagramBuffer)} gives one back and rejects
 * buffers of another pool and double releases with {@link IllegalArgumentException}/
 * {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Thread-safe: a buffer may be acquired on the I/O thread and released from a
 * worker. Both calls take a short uncontended monitor and allocate nothing.
 *
 * <p><b>Memory.</b> {@link #close()} frees the native block once every acquired buffer has come
 * back; until then buffers still out stay valid, so closing never pulls memory from under a
 * transport call in flight. After close, {@code acquire} returns {@code null}.
 */
public final class BufferPool implements AutoCloseable {

    private final Arena arena;
    private final DatagramBuffer[] free;
    private final int total;
    private final int capacity;
    private final int headroom;
    private int freeCount;
    private boolean closed;
    private boolean memoryFreed;

    private BufferPool(int count, int capacity, int headroom) {
        if (count <= 0) {
            throw new IllegalArgumentException("pool needs at least one buffer, got " + count);
        }
        DatagramBuffer.checkSizes(capacity, headroom);
        this.arena = Arena.ofShared();
        this.total = count;
        this.capacity = capacity;
        this.headroom = headroom;
        long stride = align8((long) capacity + headroom);
        MemorySegment block = arena.allocate(stride * count, 64);
        this.free = new DatagramBuffer[count];
        for (int i = 0; i < count; i++) {
            DatagramBuffer b = new DatagramBuffer(block.asSlice(stride * i, (long) capacity + headroom), headroom, this);
            b.pooled = true;
            free[i] = b;
        }
        this.freeCount = count;
    }

    /** A pool of {@code count} buffers, each with {@code capacity} payload bytes after {@code headroom}. */
    public static BufferPool create(int count, int capacity, int headroom) {
        return new BufferPool(count, capacity, headroom);
    }

    /**
     * Takes a free buffer, reset to its headroom, or returns {@code null} when all are out or the
     * pool is closed. Never blocks, never allocates.
     */
    public synchronized DatagramBuffer acquire() {
        if (closed || freeCount == 0) {
            return null;
        }
        DatagramBuffer b = free[--freeCount];
        free[freeCount] = null;
        b.pooled = false;
        return b.reset();
    }

    /**
     * Gives a buffer back. The caller must not touch it afterwards.
     *
     * @throws IllegalArgumentException if the buffer belongs to another pool or to none
     * @throws IllegalStateException if it is already in the pool (double release)
     */
    public synchronized void release(DatagramBuffer buffer) {
        if (buffer.pool != this) {
            throw new IllegalArgumentException("buffer does not belong to this pool");
        }
        if (buffer.pooled) {
            throw new IllegalStateException("buffer released twice");
        }
        buffer.pooled = true;
        free[freeCount++] = buffer;
        if (closed && freeCount == total) {
            freeMemory();
        }
    }

    /** True if {@code buffer} was made by this pool. */
    public boolean owns(DatagramBuffer buffer) {
        return buffer.pool == this;
    }

    /** Buffers free right now. */
    public synchronized int available() {
        return freeCount;
    }

    /** Buffers in the pool, free or not. */
    public int size() {
        return total;
    }

    /** Payload capacity of each buffer. */
    public int bufferCapacity() {
        return capacity;
    }

    /** Headroom of each buffer. */
    public int bufferHeadroom() {
        return headroom;
    }

    /** Stops handing out buffers; frees the memory now, or when the last buffer out comes back. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (freeCount == total) {
            freeMemory();
        }
    }

    private void freeMemory() {
        if (!memoryFreed) {
            memoryFreed = true;
            arena.close();
        }
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
