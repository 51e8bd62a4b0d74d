package io.salvo.bench.tcp;

import java.util.List;

/** One system's one-way runs at one size: medians and ranges over the rounds, and the runs themselves. */
record OneWaySummary(String system, TcpSystem.Kind kind, int size, Spread messagesPerSecond, Spread cpuNanosPerMessage,
                     List<OneWayRun> runs) {

    static OneWaySummary of(TcpSystem system, int size, List<OneWayRun> runs) {
        return new OneWaySummary(system.name(), system.kind(), size, Spread.of(runs, OneWayRun::messagesPerSecond),
                Spread.of(runs, OneWayRun::cpuNanosPerMessage), List.copyOf(runs));
    }
}
