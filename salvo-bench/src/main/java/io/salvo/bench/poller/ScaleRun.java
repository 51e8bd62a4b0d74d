package io.salvo.bench.poller;

import io.salvo.loop.Handlers;
import io.salvo.loop.LoopConfig;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One poller over one {@link SocketSet}: registration rounds (unregistering all between them), an
 * idle spell, traffic over every socket, traffic over a few, then close. Every number is the poller
 * thread's, read from its CPU clock ({@code ThreadMXBean}) or from what its handlers counted, except
 * registration, which is wall time on the registering thread.
 */
final class ScaleRun {

    static final int REGISTRATION_ROUNDS = 3;
    static final int TRAFFIC_WINDOWS = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SETTLE_SLICE_NANOS = 100_000_000L;
    private static final long SETTLE_TIMEOUT_NANOS = 10_000_000_000L;
    /** Delivery has stopped when nothing more arrived for this long after the sender finished. */
    private static final long QUIET_NANOS = 100_000_000L;
    private static final long DELIVERY_TIMEOUT_NANOS = 10_000_000_000L;

    private final PollerSettings settings;
    private final LoopConfig config;
    private final PrintStream log;

    ScaleRun(PollerSettings settings, LoopConfig config, PrintStream log) {
        this.settings = settings;
        this.config = config;
        this.log = log;
    }

    /** What the handlers got. Written by the poller thread only, so the volatile increments do not race. */
    static final class Delivered implements Handlers.BatchHandler {
        private volatile long datagrams;
        private volatile long calls;

        @Override
        public void onBatch(PacketBatch batch, int count) {
            datagrams = datagrams + count;
            calls = calls + 1;
        }
    }

    SizeResult run(PollerKind kind, SocketSet sockets) throws IOException, InterruptedException {
        int n = sockets.transports.size();
        String who = String.format(Locale.ROOT, "  %-7s %,7d sockets:", kind.label, n);
        Delivered delivered = new Delivered();
        BenchPoller poller = BenchPoller.start(kind, "bench-poller-" + kind.label + "-" + n,
                config.withStop(new CompletableFuture<>()));
        boolean closed = false;
        try {
            List<Long> registrations = new ArrayList<>();
            List<Long> unregistrations = new ArrayList<>();
            long pollerCpu0 = poller.cpuNanos();
            long callerCpu = 0;
            for (int round = 0; round < REGISTRATION_ROUNDS; round++) {
                if (round > 0) {
                    long t0 = System.nanoTime();
                    for (UdpTransport t : sockets.transports) {
                        poller.unregister(t);
                    }
                    awaitRegistered(poller, 0, t0);
                    unregistrations.add(System.nanoTime() - t0);
                    settle(poller);
                }
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (UdpTransport t : sockets.transports) {
                    poller.register(t, delivered);
                }
                awaitRegistered(poller, n, t0);
                registrations.add(System.nanoTime() - t0);
                callerCpu += THREADS.getCurrentThreadCpuTime() - cpu0;
            }
            long registrationPollerCpu = poller.cpuNanos() - pollerCpu0; // includes the unregistrations
            log.printf(Locale.ROOT, "%s registration %s ms; CPU per socket %.2f us registering thread, %.2f us poller "
                            + "(unregistering included); unregistration %s ms%n", who, millis(registrations),
                    callerCpu / 1e3 / n / REGISTRATION_ROUNDS, registrationPollerCpu / 1e3 / n / REGISTRATION_ROUNDS,
                    millis(unregistrations));

            settle(poller);
            long idleCpu0 = poller.cpuNanos();
            long idle0 = System.nanoTime();
            LockSupport.parkNanos((long) (settings.idleSeconds() * 1e9));
            long idleCpu = poller.cpuNanos() - idleCpu0;
            long idleNanos = System.nanoTime() - idle0;
            log.printf(Locale.ROOT, "%s idle %.3f ms CPU per second%n", who, idleCpu / 1e6 / (idleNanos / 1e9));

            TrafficResult spread;
            TrafficResult hot;
            try (TrafficSender sender = new TrafficSender(settings.payload())) {
                spread = traffic(poller, delivered, sender, sockets.addresses);
                logTraffic(who, "all sockets", spread);
                int step = (int) Math.max(1, Math.round(100 / settings.hotPercent()));
                hot = traffic(poller, delivered, sender, sockets.everyNth(step));
                logTraffic(who, "1 in " + step, hot);
            }
            long c0 = System.nanoTime();
            poller.close();
            closed = true;
            long closeNanos = System.nanoTime() - c0;
            return new SizeResult(kind.label, n, sockets.loopbackAddresses, (double) sockets.openNanos / n, registrations,
                    callerCpu, registrationPollerCpu, unregistrations, idleCpu, idleNanos, spread, hot, closeNanos);
        } finally {
            if (!closed) {
                poller.close();
            }
        }
    }

    /**
     * Until {@code registered()} reads {@code count}, looking again after 0.5% of the time waited so
     * far (at least 10 us): precise enough, without a waker that competes with the poller for a CPU.
     */
    private static void awaitRegistered(BenchPoller poller, int count, long since) {
        while (poller.registered() != count) {
            LockSupport.parkNanos(Math.max(10_000, (System.nanoTime() - since) / 200));
        }
    }

    /**
     * Waits until the poller has finished with what it was given (the legacy poller services every
     * new socket once): until its CPU use over 100 ms stops falling, or is under 1 ms.
     */
    private static void settle(BenchPoller poller) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT_NANOS;
        long previous = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            long cpu0 = poller.cpuNanos();
            LockSupport.parkNanos(SETTLE_SLICE_NANOS);
            long used = poller.cpuNanos() - cpu0;
            if (used < 1_000_000 || used > previous * 3 / 4) {
                return;
            }
            previous = used;
        }
    }

    /**
     * One traffic phase: first an unmeasured pass that sends one datagram to each target (so what a
     * socket does on its first receive, such as allocating its receive vectors, is not in the windows,
     * and the compiler has seen the path), then {@value #TRAFFIC_WINDOWS} windows back to back.
     */
    private TrafficResult traffic(BenchPoller poller, Delivered delivered, TrafficSender sender,
                                  InetSocketAddress[] targets) throws IOException {
        int burst = Math.min(settings.burst(), targets.length);
        long firstReceived0 = delivered.datagrams;
        long firstCpu0 = poller.cpuNanos();
        long firstSent = sender.sendEach(targets, burst, settings.rate());
        awaitDelivery(delivered, firstReceived0, firstSent);
        double firstPass = (double) (poller.cpuNanos() - firstCpu0) / Math.max(1, delivered.datagrams - firstReceived0);

        long received0 = delivered.datagrams;
        long calls0 = delivered.calls;
        long cpu0 = poller.cpuNanos();
        long t0 = System.nanoTime();
        long sent = 0;
        List<Double> windows = new ArrayList<>();
        double windowSeconds = settings.trafficSeconds() / TRAFFIC_WINDOWS;
        for (int w = 0; w < TRAFFIC_WINDOWS; w++) {
            long windowReceived0 = delivered.datagrams;
            long windowCpu0 = poller.cpuNanos();
            long windowSent = sender.run(targets, burst, settings.rate(), windowSeconds);
            sent += windowSent;
            if (w == TRAFFIC_WINDOWS - 1) {
                awaitDelivery(delivered, received0, sent);
            }
            long got = delivered.datagrams - windowReceived0;
            windows.add(got == 0 ? Double.NaN : (double) (poller.cpuNanos() - windowCpu0) / got);
        }
        long cpu = poller.cpuNanos() - cpu0;
        long elapsed = System.nanoTime() - t0;
        return new TrafficResult(targets.length, sent, delivered.datagrams - received0, delivered.calls - calls0, cpu,
                elapsed, List.copyOf(windows), firstPass);
    }

    /** Until {@code sent} datagrams arrived after {@code received0}, or nothing more arrived for a while. */
    private static void awaitDelivery(Delivered delivered, long received0, long sent) {
        long last = delivered.datagrams;
        long lastChange = System.nanoTime();
        long giveUp = lastChange + DELIVERY_TIMEOUT_NANOS;
        while (last - received0 < sent && System.nanoTime() - lastChange < QUIET_NANOS && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(1_000_000);
            long now = delivered.datagrams;
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }

    private static String millis(List<Long> nanos) {
        return nanos.stream().map(v -> String.format(Locale.ROOT, "%.1f", v / 1e6)).toList().toString();
    }

    private void logTraffic(String who, String pattern, TrafficResult r) {
        double[] range = r.windowRange();
        log.printf(Locale.ROOT, "%s traffic on %s (%,d): %,d sent, %,d received; poller CPU per datagram %.0f ns "
                        + "(windows %.0f..%.0f, first pass %.0f); %.2f datagrams per receive; poller busy %.0f%%%n", who,
                pattern, r.activeSockets(), r.sent(), r.received(), r.cpuNanosPerDatagram(), range[0], range[1],
                r.firstPass(), r.datagramsPerCall(), 100 * r.pollerCpuShare());
    }
}
