package io.salvo.bench.messaging;

import io.salvo.bench.CommandChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code salvo-bench messaging}: typed messages over loopback TCP, salvo-messaging's Clt/Svc
 * against Netty epoll with the same records and framing, in one run: order/ack round trips
 * (HdrHistogram percentiles) and one-way orders per second, rounds interleaved.
 */
@Command(name = "messaging", mixinStandardHelpOptions = true,
        description = "Typed messages on loopback TCP: salvo-messaging Clt/Svc vs Netty epoll; order/ack round trips and one-way orders/s; table and JSON.")
public final class MessagingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; each runs every system once per cell (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--count", defaultValue = "100000", description = "Measured round trips per run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "20000", description = "Round trips before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--ping-seconds", defaultValue = "5",
            description = "Time budget of one round-trip run, warm-up included; a run that hits it reports what it measured (default: ${DEFAULT-VALUE}).")
    double pingSeconds;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds per one-way run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "1", description = "One-way seconds before measuring (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--systems", split = ",", defaultValue = "salvo,netty-epoll", description = "Systems to run (default: ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--modes", split = ",", defaultValue = "spin,poller,block",
            description = "Round-trip modes: spin, poller, block (Salvo only) (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--out", defaultValue = "bench-results/messaging.json", description = "The JSON file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        MessagingSettings settings = settings();
        PrintStream log = System.out;
        List<String> skipped = new ArrayList<>();
        List<MessagingSystem> chosen = open(settings.systems(), skipped, log);
        log.printf(Locale.ROOT, "salvo-bench messaging: %s; %d rounds; round trips x %d (+%d warm-up) %s; one-way %.1f s (+%.1f s) per run%n",
                chosen.stream().map(MessagingSystem::name).toList(), settings.rounds(), settings.count(), settings.warmup(),
                settings.modes().stream().map(Mode::label).toList(), settings.seconds(), settings.warmupSeconds());
        if (settings.modes().contains(Mode.SPIN) && Runtime.getRuntime().availableProcessors() < 3) {
            log.println("note: spin keeps two threads busy on " + Runtime.getRuntime().availableProcessors()
                    + " CPUs; Salvo's pollers and any other load preempt a spinner for a scheduler tick, and the tail shows it");
        }
        MessagingResults results = new MessagingBenchmark(settings, chosen, log).run();
        List<MessagingTarget> targets = MessagingTarget.check(results);
        MessagingReport.roundTripTable(results, settings.rounds(), log);
        MessagingReport.oneWayTable(results, settings.rounds(), settings.seconds(), log);
        MessagingReport.targets(targets, log);
        MessagingJson.write(out, settings, results, targets, skipped);
        log.println();
        log.println("wrote " + out);
        return 0;
    }

    /** The options checked; a bad one is a {@link CommandLine.ParameterException} (one line, exit code 2). */
    MessagingSettings settings() {
        require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
        require(count >= 1, "--count must be >= 1, got " + count);
        require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
        require(pingSeconds > 0 && pingSeconds <= 3600, "--ping-seconds must be in (0, 3600], got " + pingSeconds);
        require(seconds > 0 && seconds <= 3600, "--seconds must be in (0, 3600], got " + seconds);
        require(warmupSeconds >= 0 && warmupSeconds <= 3600, "--warmup-seconds must be in [0, 3600], got " + warmupSeconds);
        List<String> names = systems.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        require(!names.isEmpty() && MessagingSettings.ALL_SYSTEMS.containsAll(names),
                "--systems must name some of " + String.join(",", MessagingSettings.ALL_SYSTEMS) + ", got " + String.join(",", systems));
        List<Mode> chosenModes = new ArrayList<>();
        for (String m : modes) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            require(name.equals("spin") || name.equals("poller") || name.equals("block"),
                    "--modes must be some of spin,poller,block, got " + m);
            Mode mode = Mode.valueOf(name.toUpperCase(Locale.ROOT));
            if (!chosenModes.contains(mode)) {
                chosenModes.add(mode);
            }
        }
        requireWritable(out);
        return new MessagingSettings(rounds, warmup, count, pingSeconds, warmupSeconds, seconds,
                MessagingSettings.ALL_SYSTEMS.stream().filter(names::contains).toList(), List.copyOf(chosenModes));
    }

    private void requireWritable(Path file) {
        CommandChecks.requireWritable(spec, file);
    }

    private void require(boolean ok, String message) {
        CommandChecks.require(spec, ok, message);
    }

    /** The systems that can run here; the others are reported and skipped. */
    static List<MessagingSystem> open(List<String> names, List<String> skipped, PrintStream log) {
        List<MessagingSystem> out = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "salvo" -> out.add(new SalvoMessaging());
                case "netty-epoll" -> {
                    if (NettyMessaging.isAvailable()) {
                        out.add(new NettyMessaging());
                    } else {
                        String problem = "epoll unavailable: " + NettyMessaging.unavailableReason();
                        log.println("skipping " + name + ": " + problem);
                        skipped.add(name + ": " + problem);
                    }
                }
                default -> throw new IllegalArgumentException(name);
            }
        }
        return out;
    }
}
