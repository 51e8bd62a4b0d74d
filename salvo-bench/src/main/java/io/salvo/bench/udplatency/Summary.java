package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.tcp.Flavour;
import io.salvo.bench.tcp.Spread;

import java.util.List;

/** One cell (system, flavour, size) over the rounds: medians and ranges, and the runs themselves. */
record Summary(String system, LatencySystem.Kind kind, Flavour flavour, int size, Spread p50Micros, Spread p99Micros,
               Spread p999Micros, Spread maxMicros, Spread roundTripsPerSecond, List<LatencyRun> runs) {

    static Summary of(LatencySystem system, Flavour flavour, int size, List<LatencyRun> runs) {
        return new Summary(system.name(), system.kind(), flavour, size, Spread.of(runs, LatencyRun::p50Micros),
                Spread.of(runs, LatencyRun::p99Micros), Spread.of(runs, LatencyRun::p999Micros),
                Spread.of(runs, LatencyRun::maxMicros), Spread.of(runs, LatencyRun::roundTripsPerSecond), List.copyOf(runs));
    }
}
