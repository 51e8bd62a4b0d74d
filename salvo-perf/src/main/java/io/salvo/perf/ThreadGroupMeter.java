package io.salvo.perf;

import java.util.List;
import java.util.function.ToLongFunction;

/** CPU time and allocation of a group of threads added up (see {@link ThreadMeter}). */
final class ThreadGroupMeter {

    private final List<ThreadMeter> meters;

    ThreadGroupMeter(List<Thread> threads) {
        this.meters = threads.stream().map(ThreadMeter::new).toList();
    }

    /** CPU nanoseconds so far, or -1 when a thread cannot tell (the JVM cannot, or it has finished). */
    long cpuNanos() {
        return sum(ThreadMeter::cpuNanos);
    }

    /** Bytes allocated so far, or -1 when a thread cannot tell. */
    long allocatedBytes() {
        return sum(ThreadMeter::allocatedBytes);
    }

    private long sum(ToLongFunction<ThreadMeter> f) {
        long total = 0;
        for (ThreadMeter m : meters) {
            long v = f.applyAsLong(m);
            if (v < 0) {
                return -1;
            }
            total += v;
        }
        return total;
    }
}
