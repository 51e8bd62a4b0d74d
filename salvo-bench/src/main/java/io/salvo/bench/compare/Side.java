package io.salvo.bench.compare;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One running side of a system, a sender or a receiver: its datagram counter, its thread (for CPU
 * and allocation) and how to stop it.
 *
 * @param address  where a receiver listens (null for a sender)
 * @param count    datagrams received or sent so far
 * @param thread   the JVM thread doing the work, null until known and for a side in another process
 * @param cpuNanos the working thread's CPU time so far; for a JVM side read from {@code thread}
 * @param stop     stops the side and frees its sockets
 */
record Side(InetSocketAddress address, LongSupplier count, Supplier<Thread> thread, LongSupplier cpuNanos,
            AutoCloseable stop) {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A side running on a JVM thread of this process. */
    static Side onThread(InetSocketAddress address, LongSupplier count, Supplier<Thread> thread, AutoCloseable stop) {
        return new Side(address, count, thread, () -> THREADS.getThreadCpuTime(thread.get().threadId()), stop);
    }

    /** Whether its thread is known (a side in another process always is, through its own counters). */
    boolean ready() {
        return thread == null || thread.get() != null;
    }

    /** Bytes its JVM thread has allocated so far; 0 for a side in another process. */
    long allocatedBytes() {
        return thread == null ? 0 : THREADS.getThreadAllocatedBytes(thread.get().threadId());
    }
}
