package io.salvo.perf;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SocketStats;
import io.salvo.transport.udp.UdpTransport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * salvo-perf's default mode: receivers and senders in this process on loopback, one thread each,
 * for the configured duration; then a short round-trip phase. Prints progress once a second.
 */
final class LoopbackBenchmark {

    private final PerfOptions o;
    private final PrintStream progress;

    LoopbackBenchmark(PerfOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    PerfResult run() throws IOException, InterruptedException {
        InetAddress ip = InetAddress.getByName(o.ipv6 ? "::1" : "127.0.0.1");
        List<UdpTransport> receivers = new ArrayList<>();
        List<UdpTransport> senders = new ArrayList<>();
        List<ReceiverLoop> rxLoops = new ArrayList<>();
        List<SenderLoop> txLoops = new ArrayList<>();
        List<Thread> rxThreads = new ArrayList<>();
        List<Thread> txThreads = new ArrayList<>();
        try {
            InetSocketAddress port = new InetSocketAddress(ip, 0);
            for (int i = 0; i < o.sockets; i++) {
                UdpTransport r = UdpTransport.bind(port, o.udpOptions(true));
                port = r.localAddress();
                receivers.add(r);
            }
            for (int i = 0; i < o.sockets; i++) {
                senders.add(UdpTransport.bind(new InetSocketAddress(ip, 0), o.udpOptions(false)));
            }
            for (int i = 0; i < o.sockets; i++) {
                ReceiverLoop rx = new ReceiverLoop(receivers.get(i), o.batch, o.receiveCapacity(), o.coalesceMicros * 1_000);
                rxLoops.add(rx);
                rxThreads.add(Thread.ofPlatform().name("salvo-perf-receiver-" + i).start(rx));
            }
            long perSenderRate = o.rate == 0 ? 0 : Math.max(1, o.rate / o.sockets);
            for (int i = 0; i < o.sockets; i++) {
                txLoops.add(new SenderLoop(senders.get(i), port, o, perSenderRate));
            }
            for (int i = 0; i < o.sockets; i++) {
                txThreads.add(Thread.ofPlatform().name("salvo-perf-sender-" + i).start(txLoops.get(i)));
            }
            Meters tx = new Meters(txThreads);
            Meters rx = new Meters(rxThreads);

            long start = System.nanoTime();
            long durationNanos = (long) (o.durationSeconds * 1e9);
            // The first second (a quarter of short runs) warms the JIT up and is left out of the rates.
            long warmupNanos = Math.min(1_000_000_000L, durationNanos / 4);
            Snapshot warm = null;
            Snapshot last = snapshot(txLoops, rxLoops, tx, rx, senders, receivers, start);
            long nextTick = start + 1_000_000_000L;
            while (true) {
                long now = System.nanoTime();
                long end = start + durationNanos;
                if (now >= end) {
                    break;
                }
                long wakeAt = Math.min(nextTick, end);
                if (warm == null) {
                    wakeAt = Math.min(wakeAt, start + warmupNanos);
                }
                long sleep = Math.max(0, wakeAt - now);
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                checkFailures(txLoops, rxLoops);
                Snapshot s = snapshot(txLoops, rxLoops, tx, rx, senders, receivers, start);
                if (warm == null && s.atNanos - start >= warmupNanos) {
                    warm = s;
                }
                if (System.nanoTime() >= nextTick - 1_000_000) {
                    double dt = (s.atNanos - last.atNanos) / 1e9;
                    long sentDelta = s.sent - last.sent;
                    long recvDelta = s.received - last.received;
                    double loss = sentDelta <= 0 ? 0 : Math.max(0, 100.0 * (sentDelta - recvDelta) / sentDelta);
                    Report.progress(progress, (s.atNanos - start) / 1e9, sentDelta / dt, recvDelta / dt,
                            (s.receivedBytes - last.receivedBytes) * 8 / dt / 1e9, loss, s.drops);
                    last = s;
                    nextTick += 1_000_000_000L;
                }
            }
            // Measure before stopping: a finished thread no longer reports its CPU time.
            Snapshot stopped = snapshot(txLoops, rxLoops, tx, rx, senders, receivers, start);
            for (SenderLoop l : txLoops) {
                l.running = false;
            }
            for (Thread t : txThreads) {
                t.join();
            }
            Snapshot afterStop = snapshot(txLoops, rxLoops, tx, rx, senders, receivers, start);
            drain(rxLoops);
            Snapshot drained = snapshot(txLoops, rxLoops, tx, rx, senders, receivers, start);
            checkFailures(txLoops, rxLoops);
            if (warm == null) {
                warm = last;
            }
            for (UdpTransport r : receivers) {
                r.close();
            }
            for (Thread t : rxThreads) {
                t.join();
            }

            double window = (stopped.atNanos - warm.atNanos) / 1e9;
            long sent = stopped.sent - warm.sent;
            long received = drained.received - warm.received;
            long receivedBytes = drained.receivedBytes - warm.receivedBytes;
            long sendCalls = stopped.sendCalls - warm.sendCalls;
            double txCpu = perDatagram(stopped.txCpu - warm.txCpu, sent);
            double rxCpu = perDatagram(drained.rxCpu - warm.rxCpu, received);
            double alloc = perDatagram((stopped.txAlloc - warm.txAlloc) + (drained.rxAlloc - warm.rxAlloc), sent);

            Histogram rtt = measureRtt(ip);
            return new PerfResult(transportName(receivers.getFirst()), receivers.getFirst().capabilities().toString(),
                    o.size, o.batch, o.gso, o.gro, o.sockets, o.ipv6, window, sent, received, receivedBytes,
                    Math.max(0, afterStop.sent - drained.received), sendCalls, drained.drops, txCpu, rxCpu, alloc,
                    rtt.getTotalCount(), rtt.getValueAtPercentile(50) / 1e3, rtt.getValueAtPercentile(99) / 1e3,
                    rtt.getValueAtPercentile(99.9) / 1e3);
        } finally {
            for (SenderLoop l : txLoops) {
                l.running = false;
            }
            receivers.forEach(DatagramTransport::close);
            senders.forEach(DatagramTransport::close);
        }
    }

    private static String transportName(UdpTransport t) {
        return t.capabilities().kind().equals("native-udp") ? "native" : "nio";
    }

    private Histogram measureRtt(InetAddress ip) throws IOException, InterruptedException {
        long nanos = (long) Math.min(1e9, o.durationSeconds * 0.2e9);
        try (UdpTransport echo = UdpTransport.bind(new InetSocketAddress(ip, 0), o.udpOptions(false));
             UdpTransport client = UdpTransport.bind(new InetSocketAddress(ip, 0), o.udpOptions(false))) {
            Thread t = Thread.ofPlatform().name("salvo-perf-echo").start(RttProbe.echo(echo, Math.max(o.size, RttProbe.PROBE_BYTES)));
            Histogram h = RttProbe.measure(client, echo.localAddress(), o.size, nanos, 200_000);
            echo.close();
            t.join(5_000);
            return h;
        }
    }

    /** Waits until the receivers have had nothing new for 200 ms (at most 3 s). */
    private static void drain(List<ReceiverLoop> rx) throws InterruptedException {
        long giveUp = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < giveUp) {
            long newest = rx.stream().mapToLong(r -> r.lastArrivalNanos).max().orElse(0);
            if (System.nanoTime() - newest > 200_000_000L) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static double perDatagram(long total, long datagrams) {
        return total < 0 || datagrams <= 0 ? Double.NaN : (double) total / datagrams;
    }

    private static void checkFailures(List<SenderLoop> tx, List<ReceiverLoop> rx) throws IOException {
        for (SenderLoop l : tx) {
            if (l.failure != null) {
                throw new IOException("sender failed: " + l.failure, l.failure);
            }
        }
        for (ReceiverLoop l : rx) {
            if (l.failure != null) {
                throw new IOException("receiver failed: " + l.failure, l.failure);
            }
        }
    }

    /** CPU and allocation meters over a group of threads. */
    private static final class Meters {
        private final List<ThreadMeter> meters;

        Meters(List<Thread> threads) {
            meters = threads.stream().map(ThreadMeter::new).toList();
        }

        long cpu() {
            return meters.stream().mapToLong(ThreadMeter::cpuNanos).sum();
        }

        long allocated() {
            return meters.stream().mapToLong(ThreadMeter::allocatedBytes).sum();
        }
    }

    private record Snapshot(long atNanos, long sent, long received, long receivedBytes, long sendCalls, long txCpu,
                            long rxCpu, long txAlloc, long rxAlloc, Map<String, Long> drops) {
    }

    private static Snapshot snapshot(List<SenderLoop> txLoops, List<ReceiverLoop> rxLoops, Meters tx, Meters rx,
                                     List<UdpTransport> senders, List<UdpTransport> receivers, long start) {
        long sent = txLoops.stream().mapToLong(l -> l.sent).sum();
        long received = rxLoops.stream().mapToLong(l -> l.received).sum();
        long bytes = rxLoops.stream().mapToLong(l -> l.bytes).sum();
        long calls = 0;
        Map<String, Long> drops = new TreeMap<>();
        for (UdpTransport t : senders) {
            SocketStats s = t.stats();
            calls += s.sendCalls();
            Report.addDrops(drops, s);
        }
        for (UdpTransport t : receivers) {
            Report.addDrops(drops, t.stats());
        }
        return new Snapshot(System.nanoTime(), sent, received, bytes, calls, tx.cpu(), rx.cpu(), tx.allocated(),
                rx.allocated(), drops);
    }
}
