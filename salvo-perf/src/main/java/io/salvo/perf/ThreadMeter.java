package io.salvo.perf;

import java.lang.management.ManagementFactory;

/**
 * CPU time and allocated bytes of one thread, readable from another thread: the numbers behind
 * "CPU ns per datagram" and "bytes allocated per datagram".
 */
final class ThreadMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long threadId;

    ThreadMeter(Thread thread) {
        this.threadId = thread.threadId();
    }

    /** CPU nanoseconds used so far, or -1 when the JVM cannot tell. */
    long cpuNanos() {
        return THREADS.getThreadCpuTime(threadId);
    }

    /** Bytes allocated so far, or -1 when the JVM cannot tell. */
    long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(threadId);
    }
}
