package io.salvo.bench.compare;

import java.lang.management.ManagementFactory;

/** Runs one system in one cell: warm-up, then a measured window of counters, thread CPU and allocation. */
final class Measurement {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Measurement() {
    }

    static RunResult run(Peer peer, Cell cell, double warmupSeconds, double windowSeconds) throws Exception {
        try (RunningPeer r = peer.start(cell)) {
            sleep(warmupSeconds);
            long waitUntil = System.nanoTime() + 5_000_000_000L;
            while ((r.receiverThread() == null || r.senderThread() == null) && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            long rxId = r.receiverThread().threadId();
            long txId = r.senderThread().threadId();
            long t0 = System.nanoTime();
            long rx0 = r.received();
            long tx0 = r.sent();
            long cpu0 = THREADS.getThreadCpuTime(rxId);
            long alloc0 = THREADS.getThreadAllocatedBytes(rxId) + THREADS.getThreadAllocatedBytes(txId);
            sleep(windowSeconds);
            long rx1 = r.received();
            long tx1 = r.sent();
            long cpu1 = THREADS.getThreadCpuTime(rxId);
            long alloc1 = THREADS.getThreadAllocatedBytes(rxId) + THREADS.getThreadAllocatedBytes(txId);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long received = rx1 - rx0;
            return new RunResult(peer.name(), cell, received / seconds, (tx1 - tx0) / seconds,
                    received == 0 ? Double.NaN : (double) (cpu1 - cpu0) / received,
                    received == 0 ? Double.NaN : (double) (alloc1 - alloc0) / received);
        }
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
