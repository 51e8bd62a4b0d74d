package io.salvo.bench.tcp;

import java.util.List;

/** One system and flavour's ping-pong runs: medians and ranges over the rounds, and the runs themselves. */
record PingPongSummary(String system, TcpSystem.Kind kind, Flavour flavour, int size, Spread p50Micros,
                       Spread p99Micros, Spread p999Micros, Spread maxMicros, Spread roundTripsPerSecond,
                       List<PingPongRun> runs) {

    static PingPongSummary of(TcpSystem system, Flavour flavour, int size, List<PingPongRun> runs) {
        return new PingPongSummary(system.name(), system.kind(), flavour, size, Spread.of(runs, PingPongRun::p50Micros),
                Spread.of(runs, PingPongRun::p99Micros), Spread.of(runs, PingPongRun::p999Micros),
                Spread.of(runs, PingPongRun::maxMicros), Spread.of(runs, PingPongRun::roundTripsPerSecond), List.copyOf(runs));
    }
}
