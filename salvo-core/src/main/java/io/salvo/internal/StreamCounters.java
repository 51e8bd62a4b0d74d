package io.salvo.internal;

import io.salvo.stream.StreamStats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The mutable counters behind {@link StreamStats}. Each counter has one writer (the reading thread
 * or the writing thread: the stream contract allows one of each), so an update is a plain read and
 * a release store, with no locked instruction on the hot path; snapshots read them with acquire
 * from any thread. Allocation-free except {@link #snapshot()}.
 */
public final class StreamCounters {

    private static final int BYTES_READ = 0;
    private static final int BYTES_WRITTEN = 1;
    private static final int READ_CALLS = 2;
    private static final int WRITE_CALLS = 3;
    private static final int WRITES_FULL = 4;
    private static final int END_OF_STREAM = 5;
    private static final int RESETS = 6;
    private static final int BROKEN_PIPES = 7;
    private static final int TIMEOUTS = 8;

    private final AtomicLongArray counters = new AtomicLongArray(9);

    private void add(int i, long n) {
        counters.setRelease(i, counters.getPlain(i) + n);
    }

    /** One read call that delivered {@code bytes} (0 for an empty one). Reading thread only. */
    public void read(long bytes) {
        add(READ_CALLS, 1);
        if (bytes > 0) {
            add(BYTES_READ, bytes);
        }
    }

    /** One write call that the kernel took {@code bytes} of (0: the buffer was full). Writing thread only. */
    public void wrote(long bytes) {
        add(WRITE_CALLS, 1);
        if (bytes > 0) {
            add(BYTES_WRITTEN, bytes);
        } else {
            add(WRITES_FULL, 1);
        }
    }

    public void endOfStream() {
        counters.setRelease(END_OF_STREAM, 1);
    }

    // Failures may come from either direction's thread at once: these use atomic adds (rare path).

    public void reset() {
        counters.getAndIncrement(RESETS);
    }

    public void brokenPipe() {
        counters.getAndIncrement(BROKEN_PIPES);
    }

    public void timeout() {
        counters.getAndIncrement(TIMEOUTS);
    }

    public StreamStats snapshot() {
        return new StreamStats(counters.getAcquire(BYTES_READ), counters.getAcquire(BYTES_WRITTEN),
                counters.getAcquire(READ_CALLS), counters.getAcquire(WRITE_CALLS), counters.getAcquire(WRITES_FULL),
                counters.getAcquire(END_OF_STREAM), counters.getAcquire(RESETS), counters.getAcquire(BROKEN_PIPES),
                counters.getAcquire(TIMEOUTS));
    }
}
