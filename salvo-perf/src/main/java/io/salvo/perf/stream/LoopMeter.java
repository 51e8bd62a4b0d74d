package io.salvo.perf.stream;

import java.lang.management.ManagementFactory;

/**
 * CPU time and allocated bytes of the thread that runs a loop, readable from any thread while the
 * loop runs and after it ended (the JVM forgets a finished thread's figures, so the loop records
 * its own as its last act). The loop calls {@link #begin()} first and {@link #end()} last.
 */
public final class LoopMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private volatile long threadId = -1;
    private volatile long cpuAtEnd = -1;
    private volatile long allocatedAtEnd = -1;
    /** Written after the figures above, before the thread can terminate. */
    private volatile boolean ended;

    /** On the loop's thread, before its work. */
    public void begin() {
        threadId = Thread.currentThread().threadId();
        // Once now, so that end()'s calls find their code linked and allocate nothing in the window.
        THREADS.getCurrentThreadCpuTime();
        THREADS.getCurrentThreadAllocatedBytes();
    }

    /** On the loop's thread, after its work; the first call counts, later ones do nothing. */
    public void end() {
        if (ended) {
            return;
        }
        cpuAtEnd = THREADS.getCurrentThreadCpuTime();
        allocatedAtEnd = THREADS.getCurrentThreadAllocatedBytes();
        ended = true;
    }

    /** CPU nanoseconds so far (0 before the loop began), or -1 when the JVM cannot tell. */
    public long cpuNanos() {
        if (ended) {
            return cpuAtEnd;
        }
        long id = threadId;
        if (id < 0) {
            return 0;
        }
        long v = THREADS.getThreadCpuTime(id);
        return v < 0 && ended ? cpuAtEnd : v; // -1 from a thread that just ended: it recorded its own
    }

    /** Bytes allocated so far (0 before the loop began), or -1 when the JVM cannot tell. */
    public long allocatedBytes() {
        if (ended) {
            return allocatedAtEnd;
        }
        long id = threadId;
        if (id < 0) {
            return 0;
        }
        long v = THREADS.getThreadAllocatedBytes(id);
        return v < 0 && ended ? allocatedAtEnd : v;
    }
}
