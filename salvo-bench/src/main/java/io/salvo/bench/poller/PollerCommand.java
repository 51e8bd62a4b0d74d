package io.salvo.bench.poller;

import io.salvo.bench.CommandChecks;
import io.salvo.loop.LoopConfig;
import io.salvo.transport.udp.UdpTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code salvo-bench poller}: one {@code Poller} with 1,000 / 10,000 / 100,000 native UDP sockets
 * registered. Measures registration time per socket, idle CPU, and poller CPU per delivered
 * datagram with traffic over every socket and over 1% of them; optionally the same for the poller
 * before issue 16. Raises RLIMIT_NOFILE itself (see {@link FileLimit}).
 */
@Command(name = "poller", mixinStandardHelpOptions = true,
        description = "One Poller with many UDP sockets: registration, idle CPU, CPU per datagram; table and JSON.")
public final class PollerCommand implements Callable<Integer> {

    /** Descriptors kept for everything but the measured sockets: the JVM's jars, the sender, epoll, eventfds. */
    static final int SPARE_DESCRIPTORS = 1_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,100000",
            description = "Sockets registered per measurement (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--pollers", split = ",", defaultValue = "current,legacy,c",
            description = "Pollers to measure: current, legacy (the Poller before issue 16), c (the same work in C, "
                    + "skipped without gcc) (default: ${DEFAULT-VALUE}).")
    List<String> pollers;

    @Option(names = "--idle-seconds", defaultValue = "3", description = "Idle window (default: ${DEFAULT-VALUE}).")
    double idleSeconds;

    @Option(names = "--traffic-seconds", defaultValue = "2", description = "Seconds per traffic phase (default: ${DEFAULT-VALUE}).")
    double trafficSeconds;

    @Option(names = "--rate", defaultValue = "100000",
            description = "Datagrams per second the sender paces itself to; 0 = as fast as it can (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--burst", defaultValue = "64", description = "Destinations per sendmmsg, 1..1024 (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--payload", defaultValue = "32", description = "Bytes per datagram, 8..1472 (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--hot-percent", defaultValue = "1",
            description = "Share of the sockets the hot traffic pattern reaches, in percent (default: ${DEFAULT-VALUE}).")
    double hotPercent;

    @Option(names = "--legacy-up-to", defaultValue = "10000",
            description = "Largest size the legacy poller runs at: it allocates a 64-slot batch (about 100 KiB) per socket "
                    + "(default: ${DEFAULT-VALUE}).")
    int legacyUpTo;

    @Option(names = "--out", defaultValue = "bench-results/poller.json", description = "The JSON file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PollerSettings settings = settings();
        PrintStream log = System.out;
        if (!UdpTransport.isNativeAvailable()) {
            log.println("salvo-bench poller: native UDP unavailable: " + UdpTransport.nativeUnavailableReason());
            return 1;
        }
        List<String> notes = new ArrayList<>();
        FileLimit.Outcome limit = FileLimit.raiseTo(settings.sizes().stream().mapToLong(Integer::longValue).max()
                .orElseThrow() + SPARE_DESCRIPTORS);
        log.println("descriptors: " + limit.note());
        settings = capToLimit(settings, limit, notes, log);
        log.printf(Locale.ROOT, "salvo-bench poller: sizes %s, pollers %s, idle %.1f s, traffic %.1f s per pattern at %s/s%n",
                settings.sizes(), settings.pollers().stream().map(k -> k.label).toList(), settings.idleSeconds(),
                settings.trafficSeconds(), settings.rate() == 0 ? "full speed" : String.format(Locale.ROOT, "%,d", settings.rate()));
        List<SizeResult> rows = run(settings, log, notes);
        List<PollerTarget> targets = PollerTarget.check(rows);
        PollerReport.table(rows, settings, log);
        PollerReport.targets(targets, rows, log);
        PollerJson.write(out, settings, limit, notes, rows, targets);
        log.println();
        log.println("wrote " + out);
        return 0;
    }

    /**
     * Every size with every poller: the Java pollers share sockets opened once per size; the C
     * program opens its own once they are closed.
     */
    static List<SizeResult> run(PollerSettings settings, PrintStream log, List<String> notes)
            throws IOException, InterruptedException {
        CBaseline c = null;
        if (settings.pollers().contains(PollerKind.C)) {
            try {
                c = CBaseline.compile();
            } catch (IOException e) {
                String note = "skipping c: " + e.getMessage();
                notes.add(note);
                log.println(note);
            }
        }
        warmUp(settings);
        List<SizeResult> rows = new ArrayList<>();
        ScaleRun run = new ScaleRun(settings, LoopConfig.defaults(), log);
        for (int size : settings.sizes()) {
            try (SocketSet sockets = SocketSet.open(size)) {
                log.printf(Locale.ROOT, "%,d sockets open on %d loopback address(es), %.1f us each%n", size,
                        sockets.loopbackAddresses, sockets.openNanos / 1e3 / size);
                for (PollerKind kind : settings.pollers()) {
                    if (kind == PollerKind.C) {
                        continue;
                    }
                    if (kind == PollerKind.LEGACY && size > settings.legacyUpTo()) {
                        log.printf(Locale.ROOT, "  legacy  %,7d sockets: skipped (--legacy-up-to %,d)%n", size,
                                settings.legacyUpTo());
                        continue;
                    }
                    rows.add(run.run(kind, sockets));
                }
            }
            if (c != null) {
                SizeResult r = c.run(size, settings);
                log.printf(Locale.ROOT, "  c       %,7d sockets: registration %.2f us per socket, idle %.3f ms/s, CPU per "
                                + "datagram %.0f ns all, %.0f ns hot%n", size, r.registrationNanosPerSocket() / 1e3,
                        r.idleCpuMillisPerSecond(), r.spread().cpuNanosPerDatagram(), r.hot().cpuNanosPerDatagram());
                rows.add(r);
            }
        }
        return rows;
    }

    /** Runs every poller once, unreported, over a few sockets, so the measured runs find the code compiled. */
    private static void warmUp(PollerSettings s) throws IOException, InterruptedException {
        PollerSettings brief = new PollerSettings(s.sizes(), s.pollers(), 0.1, 0.3, s.rate(), s.burst(), s.payload(),
                s.hotPercent(), s.legacyUpTo());
        ScaleRun run = new ScaleRun(brief, LoopConfig.defaults(), new PrintStream(java.io.OutputStream.nullOutputStream()));
        try (SocketSet sockets = SocketSet.open(Math.min(1_000, s.sizes().getFirst()))) {
            for (PollerKind kind : s.pollers()) {
                if (kind != PollerKind.C) {
                    run.run(kind, sockets);
                }
            }
        }
    }

    /** Lowers sizes the descriptor limit cannot hold, and says so. */
    private static PollerSettings capToLimit(PollerSettings s, FileLimit.Outcome limit, List<String> notes, PrintStream log) {
        if (limit.soft() < 0) {
            return s;
        }
        long room = limit.soft() - SPARE_DESCRIPTORS;
        List<Integer> sizes = new ArrayList<>();
        for (int size : s.sizes()) {
            int capped = (int) Math.min(size, room);
            if (capped < size) {
                String note = String.format(Locale.ROOT, "size %,d capped to %,d: RLIMIT_NOFILE is %,d", size, capped,
                        limit.soft());
                notes.add(note);
                log.println("note: " + note);
            }
            if (capped > 0 && !sizes.contains(capped)) {
                sizes.add(capped);
            }
        }
        return new PollerSettings(sizes, s.pollers(), s.idleSeconds(), s.trafficSeconds(), s.rate(), s.burst(),
                s.payload(), s.hotPercent(), s.legacyUpTo());
    }

    /** The options checked; a bad one is a {@link CommandLine.ParameterException} (one line, exit code 2). */
    PollerSettings settings() {
        require(!sizes.isEmpty() && sizes.stream().allMatch(s -> s != null && s >= 1 && s <= 1_000_000),
                "--sizes must be 1..1000000 each, got " + sizes);
        List<PollerKind> kinds = new ArrayList<>();
        for (String p : pollers) {
            String name = p.strip().toLowerCase(Locale.ROOT);
            require(name.equals("current") || name.equals("legacy") || name.equals("c"),
                    "--pollers must name some of current, legacy, c; got " + p);
            PollerKind k = PollerKind.byLabel(name);
            if (!kinds.contains(k)) {
                kinds.add(k);
            }
        }
        require(idleSeconds > 0 && idleSeconds <= 600, "--idle-seconds must be in (0, 600], got " + idleSeconds);
        require(trafficSeconds > 0 && trafficSeconds <= 600, "--traffic-seconds must be in (0, 600], got " + trafficSeconds);
        require(rate >= 0, "--rate must be >= 0, got " + rate);
        require(burst >= 1 && burst <= 1024, "--burst must be 1..1024, got " + burst);
        require(payload >= 8 && payload <= 1472, "--payload must be 8..1472, got " + payload);
        require(hotPercent > 0 && hotPercent <= 100, "--hot-percent must be in (0, 100], got " + hotPercent);
        require(legacyUpTo >= 0, "--legacy-up-to must be >= 0, got " + legacyUpTo);
        requireWritable(out);
        return new PollerSettings(sizes.stream().distinct().sorted().toList(), List.copyOf(kinds), idleSeconds,
                trafficSeconds, rate, burst, payload, hotPercent, legacyUpTo);
    }

    private void requireWritable(Path file) {
        CommandChecks.requireWritable(spec, file);
    }

    private void require(boolean ok, String message) {
        CommandChecks.require(spec, ok, message);
    }
}
