package io.salvo.bench.tcp;

import io.salvo.bench.CommandChecks;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
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
 * {@code salvo-bench tcp}: C (the kernel's limit), Salvo native TCP, JDK NIO and Netty epoll on
 * loopback, in one run: ping-pong latency and one-way streaming, rounds interleaved.
 */
@Command(name = "tcp", mixinStandardHelpOptions = true,
        description = "TCP on loopback: C vs Salvo vs JDK NIO vs Netty epoll; ping-pong RTT and one-way streaming; table and JSON.")
public final class TcpCommand implements Callable<Integer> {

    static final int MAX_SIZE = 65_536;

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; each runs every system once per cell (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--count", defaultValue = "200000", description = "Measured ping-pong round trips per run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "20000", description = "Ping-pong round trips before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--ping-size", defaultValue = "64", description = "Ping-pong payload bytes, 8..65536 (default: ${DEFAULT-VALUE}).")
    int pingSize;

    @Option(names = "--ping-seconds", defaultValue = "5",
            description = "Time budget of one ping-pong run, warm-up included; a run that hits it reports the round trips it measured (default: ${DEFAULT-VALUE}).")
    double pingSeconds;

    @Option(names = "--sizes", split = ",", defaultValue = "64,1024", description = "One-way payload sizes, 8..65536 (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds per one-way run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "1", description = "One-way seconds before measuring (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--systems", split = ",", defaultValue = "c,salvo,jdk-nio,netty-epoll",
            description = "Systems to run (default: ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--flavours", split = ",", defaultValue = "spin,block",
            description = "Ping-pong flavours: spin, block (default: ${DEFAULT-VALUE}).")
    List<String> flavours;

    @Option(names = "--out", defaultValue = "bench-results/tcp.json", description = "The JSON file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        PrintStream log = System.out;
        List<String> skipped = new ArrayList<>();
        List<TcpSystem> chosen = open(settings.systems(), skipped, log);
        log.printf(Locale.ROOT, "salvo-bench tcp: %s; %d rounds; ping-pong %d B x %d (+%d warm-up) %s; one-way %s B, %.1f s (+%.1f s) per run%n",
                chosen.stream().map(TcpSystem::name).toList(), settings.rounds(), settings.pingSize(), settings.count(),
                settings.warmup(), settings.flavours().stream().map(Flavour::label).toList(), settings.sizes(),
                settings.seconds(), settings.warmupSeconds());
        if (settings.flavours().contains(Flavour.SPIN) && Runtime.getRuntime().availableProcessors() < 3) {
            log.println("note: spin ping-pong keeps two threads busy on " + Runtime.getRuntime().availableProcessors()
                    + " CPUs; any other load preempts a spinner for a scheduler tick, and its tail and round trips/s show it");
        }
        TcpBenchmark.Results results = new TcpBenchmark(settings, chosen, log).run();
        List<Target> targets = Target.check(results);
        TcpReport.pingPongTable(results.pingPong(), settings.rounds(), log);
        TcpReport.oneWayTable(results.oneWay(), settings.rounds(), settings.seconds(), log);
        TcpReport.targets(targets, log);
        TcpJson.write(out, settings, results, targets, skipped);
        log.println();
        log.println("wrote " + out);
        return 0;
    }

    /** The options checked; a bad one is a {@link CommandLine.ParameterException} (one line, exit code 2). */
    Settings settings() {
        require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
        require(count >= 1, "--count must be >= 1, got " + count);
        require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
        require(pingSize >= Frames.MIN_SIZE && pingSize <= MAX_SIZE, "--ping-size must be 8..65536, got " + pingSize);
        require(pingSeconds > 0 && pingSeconds <= 3600, "--ping-seconds must be in (0, 3600], got " + pingSeconds);
        require(!sizes.isEmpty() && sizes.stream().allMatch(s -> s != null && s >= Frames.MIN_SIZE && s <= MAX_SIZE),
                "--sizes must be 8..65536 each, got " + sizes);
        require(seconds > 0 && seconds <= 3600, "--seconds must be in (0, 3600], got " + seconds);
        require(warmupSeconds >= 0 && warmupSeconds <= 3600, "--warmup-seconds must be in [0, 3600], got " + warmupSeconds);
        List<String> names = systems.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        require(!names.isEmpty() && Settings.ALL_SYSTEMS.containsAll(names),
                "--systems must name some of " + String.join(",", Settings.ALL_SYSTEMS) + ", got " + String.join(",", systems));
        List<Flavour> chosenFlavours = new ArrayList<>();
        for (String f : flavours) {
            String name = f.strip().toLowerCase(Locale.ROOT);
            require(name.equals("spin") || name.equals("block"), "--flavours must be spin and/or block, got " + f);
            Flavour flavour = Flavour.valueOf(name.toUpperCase(Locale.ROOT));
            if (!chosenFlavours.contains(flavour)) {
                chosenFlavours.add(flavour);
            }
        }
        requireWritable(out);
        return new Settings(rounds, warmup, count, pingSize, pingSeconds, List.copyOf(sizes), warmupSeconds, seconds,
                Settings.ALL_SYSTEMS.stream().filter(names::contains).toList(), List.copyOf(chosenFlavours));
    }

    private void requireWritable(Path file) {
        CommandChecks.requireWritable(spec, file);
    }

    private void require(boolean ok, String message) {
        CommandChecks.require(spec, ok, message);
    }

    /** The systems that can run here; the others are reported and skipped. */
    static List<TcpSystem> open(List<String> names, List<String> skipped, PrintStream log) {
        List<TcpSystem> out = new ArrayList<>();
        for (String name : names) {
            String problem = null;
            switch (name) {
                case "c" -> {
                    try {
                        out.add(new CTcpSystem(CProgram.compile()));
                    } catch (IOException e) {
                        problem = e.getMessage();
                    }
                }
                case "salvo" -> {
                    try (TcpListener probe = TcpListener.bind(SalvoTcpSystem.loopback(),
                            TcpOptions.builder().implementation(TcpOptions.Implementation.NATIVE).build())) {
                        out.add(new SalvoTcpSystem());
                    } catch (UnsupportedOperationException | IOException e) {
                        problem = "native TCP unavailable: " + e.getMessage();
                    }
                }
                case "jdk-nio" -> out.add(new NioTcpSystem());
                case "netty-epoll" -> {
                    if (NettyTcpSystem.isAvailable()) {
                        out.add(new NettyTcpSystem());
                    } else {
                        problem = "epoll unavailable: " + NettyTcpSystem.unavailableReason();
                    }
                }
                default -> throw new IllegalArgumentException(name);
            }
            if (problem != null) {
                log.println("skipping " + name + ": " + problem);
                skipped.add(name + ": " + problem);
            }
        }
        return out;
    }
}
