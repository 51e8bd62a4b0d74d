package io.salvo.bench.messaging;

import io.salvo.bench.RoundTripClock;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.tcp.OneWayRun;

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
final class MessagingBenchmark {

    private record Cell(MessagingSystem system, Mode mode) {
        String key() {
            return system.name() + "|" + mode;
        }
    }

    private final MessagingSettings settings;
    private final List<MessagingSystem> systems;
    private final PrintStream log;

    MessagingBenchmark(MessagingSettings settings, List<MessagingSystem> systems, PrintStream log) {
        this.settings = settings;
        this.systems = List.copyOf(systems);
        this.log = log;
    }

    MessagingResults run() throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (MessagingSystem s : systems) {
            for (Mode m : s.modes()) {
                if (settings.modes().contains(m)) {
                    cells.add(new Cell(s, m));
                }
            }
        }
        Map<String, List<LatencyRun>> pings = new LinkedHashMap<>();
        Map<String, List<OneWayRun>> oneWays = new LinkedHashMap<>();
        for (int round = 0; round < settings.rounds(); round++) {
            List<Cell> order = new ArrayList<>(cells);
            Collections.rotate(order, -round);
            for (Cell cell : order) {
                LatencyRun r = cell.system().pingPong(cell.mode(),
                        new RoundTripClock(settings.warmup(), settings.count(), (long) (settings.pingSeconds() * 1e9)));
                log.printf(Locale.ROOT, "  round %d/%d  round trips  %-12s %-6s  p50 %7.1f us  p99 %7.1f us  p99.9 %8.1f us  max %8.0f us  %8.0f rt/s%s%n",
                        round + 1, settings.rounds(), cell.system().name(), cell.mode().label(), r.p50Micros(), r.p99Micros(),
                        r.p999Micros(), r.maxMicros(), r.roundTripsPerSecond(),
                        r.samples() < settings.count() ? "  (time budget: " + r.samples() + " measured)" : "");
                pings.computeIfAbsent(cell.key(), k -> new ArrayList<>()).add(r);
            }
            List<MessagingSystem> systemOrder = new ArrayList<>(systems);
            Collections.rotate(systemOrder, -round);
            for (MessagingSystem s : systemOrder) {
                OneWayRun r = s.oneWay(settings.warmupSeconds(), settings.seconds());
                log.printf(Locale.ROOT, "  round %d/%d  one-way      %-12s         %10s msg/s  %7.1f ns CPU/msg at the receiver%n",
                        round + 1, settings.rounds(), s.name(), io.salvo.bench.tcp.SpreadFormat.human(r.messagesPerSecond()),
                        r.cpuNanosPerMessage());
                oneWays.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(r);
            }
        }
        List<MessagingResults.RoundTrips> roundTrips = new ArrayList<>();
        for (Cell cell : cells) {
            roundTrips.add(MessagingResults.RoundTrips.of(cell.system().name(), cell.mode(), pings.get(cell.key())));
        }
        List<MessagingResults.OneWay> oneWay = new ArrayList<>();
        for (MessagingSystem s : systems) {
            oneWay.add(MessagingResults.OneWay.of(s.name(), oneWays.get(s.name())));
        }
        return new MessagingResults(roundTrips, oneWay);
    }
}
