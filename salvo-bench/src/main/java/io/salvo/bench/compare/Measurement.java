package io.salvo.bench.compare;

/** Runs one system in one cell: warm-up, then a measured window of counters, thread CPU and allocation. */
final class Measurement {

    private Measurement() {
    }

    static RunResult run(Peer peer, Cell cell, double warmupSeconds, double windowSeconds) throws Exception {
        try (RunningPeer r = peer.start(cell)) {
            sleep(warmupSeconds);
            long waitUntil = System.nanoTime() + 5_000_000_000L;
            while (!r.ready() && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            if (!r.ready()) {
                throw new IllegalStateException(peer.name() + " did not start its threads within 5 s");
            }
            long t0 = System.nanoTime();
            long rx0 = r.receiver().count().getAsLong();
            long tx0 = r.sender().count().getAsLong();
            long cpu0 = r.receiver().cpuNanos().getAsLong();
            long alloc0 = r.allocatedBytes();
            sleep(windowSeconds);
            long rx1 = r.receiver().count().getAsLong();
            long tx1 = r.sender().count().getAsLong();
            long cpu1 = r.receiver().cpuNanos().getAsLong();
            long alloc1 = r.allocatedBytes();
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
