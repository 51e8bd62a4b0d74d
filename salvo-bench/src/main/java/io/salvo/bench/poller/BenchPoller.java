package io.salvo.bench.poller;

import io.salvo.loop.Handlers;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.Poller;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The current or the legacy poller behind one face, with its thread's CPU time. */
abstract sealed class BenchPoller implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long threadId;

    private BenchPoller(String threadName) {
        this.threadId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
                .findFirst().orElseThrow(() -> new IllegalStateException("no thread " + threadName)).threadId();
    }

    static BenchPoller start(PollerKind kind, String threadName, LoopConfig config) throws IOException {
        return switch (kind) {
            case CURRENT -> new Current(Poller.start(threadName, config), threadName);
            case LEGACY -> new Legacy(LegacyPoller.start(threadName, config), threadName);
            case C -> throw new IllegalArgumentException("the C baseline is a program of its own: see CBaseline");
        };
    }

    abstract void register(DatagramTransport transport, Handlers.BatchHandler handler);

    abstract void unregister(DatagramTransport transport);

    abstract int registered();

    /** CPU time the poller thread has used so far, in nanoseconds. */
    long cpuNanos() {
        return THREADS.getThreadCpuTime(threadId);
    }

    @Override
    public abstract void close() throws InterruptedException;

    private static final class Current extends BenchPoller {
        private final Poller poller;

        Current(Poller poller, String threadName) {
            super(threadName);
            this.poller = poller;
        }

        @Override
        void register(DatagramTransport transport, Handlers.BatchHandler handler) {
            poller.register(transport, handler);
        }

        @Override
        void unregister(DatagramTransport transport) {
            poller.unregister(transport);
        }

        @Override
        int registered() {
            return poller.registered();
        }

        @Override
        public void close() throws InterruptedException {
            poller.close();
        }
    }

    private static final class Legacy extends BenchPoller {
        private final LegacyPoller poller;

        Legacy(LegacyPoller poller, String threadName) {
            super(threadName);
            this.poller = poller;
        }

        @Override
        void register(DatagramTransport transport, Handlers.BatchHandler handler) {
            poller.register(transport, handler);
        }

        @Override
        void unregister(DatagramTransport transport) {
            poller.unregister(transport);
        }

        @Override
        int registered() {
            return poller.registered();
        }

        @Override
        public void close() throws InterruptedException {
            poller.close();
        }
    }
}
