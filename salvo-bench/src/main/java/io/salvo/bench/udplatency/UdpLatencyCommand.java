package io.salvo.bench.udplatency;

import io.salvo.bench.CommandChecks;
import io.salvo.bench.tcp.Flavour;
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
 * {@code salvo-bench udp-latency}: UDP ping-pong on loopback, one datagram in flight, C (the
 * kernel's limit), Salvo, JDK NIO, Netty epoll and sockperf (a reference, when installed), each
 * system's client against its own echo, both sides spinning or both blocking; rounds interleaved.
 */
@Command(name = "udp-latency", mixinStandardHelpOptions = true,
        description = "UDP ping-pong on loopback: C vs Salvo vs JDK NIO vs Netty epoll (and sockperf when installed); "
                + "round-trip p50/p99/p99.9/max, spinning and blocking; table and JSON.")
public final class UdpLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; each runs every cell once (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--count", defaultValue = "100000", description = "Measured round trips per run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "10000", description = "Round trips before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", defaultValue = "4",
            description = "Time budget of one run, warm-up included (a quarter of it at most); a run that hits it reports the "
                    + "round trips it measured; sockperf runs for it, in whole seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--sizes", split = ",", defaultValue = "64", description = "Probe sizes in bytes, 14..65507 (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--systems", split = ",", defaultValue = "c,salvo,jdk-nio,netty-epoll,sockperf",
            description = "Systems to run (default: ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--flavours", split = ",", defaultValue = "spin,block", description = "spin and/or block (default: ${DEFAULT-VALUE}).")
    List<String> flavours;

    @Option(names = "--out", defaultValue = "bench-results/udp-latency.json", description = "The JSON file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        PrintStream log = System.out;
        List<String> skipped = new ArrayList<>();
        List<LatencySystem> chosen = open(settings.systems(), skipped, log);
        log.printf(Locale.ROOT, "salvo-bench udp-latency: %s; %s; sizes %s B; %d rounds; %d round trips (+%d warm-up) per run, "
                        + "at most %.1f s%n", chosen.stream().map(LatencySystem::name).toList(),
                settings.flavours().stream().map(Flavour::label).toList(), settings.sizes(), settings.rounds(), settings.count(),
                settings.warmup(), settings.seconds());
        if (settings.flavours().contains(Flavour.SPIN) && Runtime.getRuntime().availableProcessors() < 3) {
            log.println("note: spin keeps two threads busy on " + Runtime.getRuntime().availableProcessors()
                    + " CPUs; any other load preempts a spinner for a scheduler tick, and the tail shows it");
        }
        List<Summary> rows = new UdpLatencyBenchmark(settings, chosen, log).run();
        List<Target> targets = Target.check(rows);
        Report.table(rows, settings.rounds(), log);
        Report.targets(targets, log);
        UdpLatencyJson.write(out, settings, rows, targets, skipped);
        log.println();
        log.println("wrote " + out);
        return 0;
    }

    /** The options checked; a bad one is a usage error (one line, exit code 2). */
    Settings settings() {
        require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
        require(count >= 1, "--count must be >= 1, got " + count);
        require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
        require(seconds > 0 && seconds <= 3600, "--seconds must be in (0, 3600], got " + seconds);
        // 14: sockperf's header; the others need 8 (the sequence number)
        require(!sizes.isEmpty() && sizes.stream().allMatch(s -> s != null && s >= 14 && s <= Probe.MAX_SIZE),
                "--sizes must be 14..65507 each, got " + sizes);
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
        CommandChecks.requireWritable(spec, out);
        return new Settings(rounds, warmup, count, seconds, sizes.stream().distinct().toList(),
                Settings.ALL_SYSTEMS.stream().filter(names::contains).toList(), List.copyOf(chosenFlavours));
    }

    private void require(boolean ok, String message) {
        CommandChecks.require(spec, ok, message);
    }

    /** The systems that can run here; the others are reported and skipped. */
    static List<LatencySystem> open(List<String> names, List<String> skipped, PrintStream log) {
        List<LatencySystem> out = new ArrayList<>();
        for (String name : names) {
            String problem = null;
            switch (name) {
                case "c" -> {
                    try {
                        out.add(CUdpSystem.compile());
                    } catch (IOException e) {
                        problem = e.getMessage();
                    }
                }
                case "salvo" -> {
                    problem = SalvoUdpSystem.unavailableReason();
                    if (problem == null) {
                        out.add(new SalvoUdpSystem());
                    }
                }
                case "jdk-nio" -> out.add(new NioUdpSystem());
                case "netty-epoll" -> {
                    problem = NettyUdpSystem.unavailableReason();
                    if (problem == null) {
                        out.add(new NettyUdpSystem());
                    }
                }
                case "sockperf" -> {
                    problem = SockperfSystem.unavailableReason();
                    if (problem == null) {
                        out.add(new SockperfSystem());
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
