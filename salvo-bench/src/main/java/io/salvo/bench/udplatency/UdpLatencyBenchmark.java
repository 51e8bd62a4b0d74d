package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the cells round by round: each round runs every cell once, in an order that rotates from
 * round to round, so the slow spells of a noisy machine spread over all systems.
 */
final class UdpLatencyBenchmark {

    private record Cell(LatencySystem system, Flavour flavour, int size) {
        String key() {
            return system.name() + "|" + flavour + "|" + size;
        }
    }

    private final Settings settings;
    private final List<LatencySystem> systems;
    private final PrintStream log;

    UdpLatencyBenchmark(Settings settings, List<LatencySystem> systems, PrintStream log) {
        this.settings = settings;
        this.systems = List.copyOf(systems);
        this.log = log;
    }

    List<Summary> run() throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (int size : settings.sizes()) {
            for (Flavour f : settings.flavours()) {
                for (LatencySystem s : systems) {
                    if (s.flavours().contains(f)) {
                        cells.add(new Cell(s, f, size));
                    }
                }
            }
        }
        Map<String, List<LatencyRun>> runs = new LinkedHashMap<>();
        for (int round = 0; round < settings.rounds(); round++) {
            List<Cell> order = new ArrayList<>(cells);
            Collections.rotate(order, -round);
            for (Cell cell : order) {
                RoundTripClock clock = new RoundTripClock(settings.warmup(), settings.count(), (long) (settings.seconds() * 1e9));
                LatencyRun r;
                try {
                    r = cell.system().pingPong(cell.flavour(), cell.size(), clock);
                } catch (Exception | AssertionError e) {
                    throw new IllegalStateException(cell.system().name() + "/" + cell.flavour().label() + " " + cell.size()
                            + " B failed: " + e.getMessage(), e);
                }
                log.printf(Locale.ROOT, "  round %d/%d  %5d B  %-12s %-5s  p50 %7.1f us  p99 %7.1f us  p99.9 %8.1f us  max %8.0f us  %8.0f rt/s  (%d measured)%n",
                        round + 1, settings.rounds(), cell.size(), cell.system().name(), cell.flavour().label(),
                        r.p50Micros(), r.p99Micros(), r.p999Micros(), r.maxMicros(), r.roundTripsPerSecond(), r.samples());
                runs.computeIfAbsent(cell.key(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Summary> out = new ArrayList<>();
        for (Cell cell : cells) {
            out.add(Summary.of(cell.system(), cell.flavour(), cell.size(), runs.get(cell.key())));
        }
        return out;
    }
}
