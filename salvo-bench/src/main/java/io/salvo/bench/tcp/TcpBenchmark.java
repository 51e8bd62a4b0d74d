package io.salvo.bench.tcp;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the cells round by round: in every round each system runs once per cell, in an order that
 * rotates from round to round, so the slow spells of a noisy machine spread over all systems.
 */
final class TcpBenchmark {

    /** Everything one run measured. */
    record Results(List<PingPongSummary> pingPong, List<OneWaySummary> oneWay) {
    }

    private record PingCell(TcpSystem system, Flavour flavour) {
        String key() {
            return system.name() + "|" + flavour;
        }
    }

    private final Settings settings;
    private final List<TcpSystem> systems;
    private final PrintStream log;

    TcpBenchmark(Settings settings, List<TcpSystem> systems, PrintStream log) {
        this.settings = settings;
        this.systems = List.copyOf(systems);
        this.log = log;
    }

    Results run() throws Exception {
        List<PingCell> pingCells = new ArrayList<>();
        for (TcpSystem s : systems) {
            for (Flavour f : s.flavours()) {
                if (settings.flavours().contains(f)) {
                    pingCells.add(new PingCell(s, f));
                }
            }
        }
        Map<String, List<PingPongRun>> pings = new LinkedHashMap<>();
        Map<String, List<OneWayRun>> oneWays = new LinkedHashMap<>();
        for (int round = 0; round < settings.rounds(); round++) {
            List<PingCell> order = new ArrayList<>(pingCells);
            Collections.rotate(order, -round);
            for (PingCell cell : order) {
                PingPongRun r = cell.system().pingPong(cell.flavour(), settings.pingSize(),
                        new RoundTrips(settings.warmup(), settings.count(), (long) (settings.pingSeconds() * 1e9)));
                log.printf(Locale.ROOT, "  round %d/%d  ping-pong %4d B  %-12s %-5s  p50 %7.1f us  p99 %7.1f us  p99.9 %8.1f us  max %8.0f us  %8.0f rt/s%s%n",
                        round + 1, settings.rounds(), settings.pingSize(), cell.system().name(), cell.flavour().label(),
                        r.p50Micros(), r.p99Micros(), r.p999Micros(), r.maxMicros(), r.roundTripsPerSecond(),
                        r.samples() < settings.count() ? "  (time budget: " + r.samples() + " measured)" : "");
                pings.computeIfAbsent(cell.key(), k -> new ArrayList<>()).add(r);
            }
            for (int size : settings.sizes()) {
                List<TcpSystem> systemOrder = new ArrayList<>(systems);
                Collections.rotate(systemOrder, -round);
                for (TcpSystem s : systemOrder) {
                    OneWayRun r = s.oneWay(size, settings.warmupSeconds(), settings.seconds());
                    log.printf(Locale.ROOT, "  round %d/%d  one-way   %4d B  %-12s        %10s msg/s  %7.1f ns CPU/msg at the receiver%n",
                            round + 1, settings.rounds(), size, s.name(), SpreadFormat.human(r.messagesPerSecond()),
                            r.cpuNanosPerMessage());
                    oneWays.computeIfAbsent(s.name() + "|" + size, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<PingPongSummary> pingSummaries = new ArrayList<>();
        for (PingCell cell : pingCells) {
            pingSummaries.add(PingPongSummary.of(cell.system(), cell.flavour(), settings.pingSize(), pings.get(cell.key())));
        }
        List<OneWaySummary> oneWaySummaries = new ArrayList<>();
        for (int size : settings.sizes()) {
            for (TcpSystem s : systems) {
                oneWaySummaries.add(OneWaySummary.of(s, size, oneWays.get(s.name() + "|" + size)));
            }
        }
        return new Results(pingSummaries, oneWaySummaries);
    }
}
