package io.salvo.bench.tcp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-JVM side of a one-way run: the receiving thread publishes its message count, and the
 * coordinating thread reads it and the receiver's CPU time (ThreadMXBean) at the start and the end
 * of a window that opens after the warm-up.
 */
public final class OneWayWindow {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What the receiving thread publishes. */
    public static final class Progress {
        private final AtomicLong messages = new AtomicLong();
        private final AtomicReference<Thread> receiver = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        /** Called once on the receiving thread before its first read. */
        public void receiverStarted() {
            receiver.set(Thread.currentThread());
        }

        /** The receiver's running total; a release store, called once per read rather than per message. */
        public void published(long total) {
            messages.setRelease(total);
        }

        /** A failure on either side; the first one is kept and thrown by {@link #measure}. */
        public void failed(Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private OneWayWindow() {
    }

    public static OneWayRun measure(Progress p, double warmupSeconds, double seconds) throws Exception {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while ((p.receiver.get() == null || p.messages.getAcquire() == 0) && p.failure.get() == null) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("no message arrived within 10 s");
            }
            Thread.sleep(1);
        }
        rethrow(p);
        Thread.sleep((long) (warmupSeconds * 1000));
        long id = p.receiver.get().threadId();
        long t0 = System.nanoTime();
        long m0 = p.messages.getAcquire();
        long cpu0 = THREADS.getThreadCpuTime(id);
        Thread.sleep((long) (seconds * 1000));
        long m1 = p.messages.getAcquire();
        long cpu1 = THREADS.getThreadCpuTime(id);
        long t1 = System.nanoTime();
        rethrow(p);
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IllegalStateException("thread CPU time is not available");
        }
        return new OneWayRun(m1 - m0, t1 - t0, cpu1 - cpu0);
    }

    /** Throws a failure reported by either side, if any. */
    public static void rethrow(Progress p) throws Exception {
        Throwable t = p.failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
