package io.salvo.bench.messaging;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.tcp.OneWayRun;
import io.salvo.bench.tcp.Spread;

import java.util.List;
import java.util.Optional;

/**
 * Everything one run measured: per system and mode the round trips, per system the one-way
 * stream; medians and ranges over the rounds, and the runs themselves.
 */
record MessagingResults(List<RoundTrips> roundTrips, List<OneWay> oneWay) {

    /** One system and mode's round trips over the rounds. */
    record RoundTrips(String system, Mode mode, Spread p50Micros, Spread p99Micros, Spread p999Micros, Spread maxMicros,
                      Spread roundTripsPerSecond, List<LatencyRun> runs) {

        static RoundTrips of(String system, Mode mode, List<LatencyRun> runs) {
            return new RoundTrips(system, mode, Spread.of(runs, LatencyRun::p50Micros), Spread.of(runs, LatencyRun::p99Micros),
                    Spread.of(runs, LatencyRun::p999Micros), Spread.of(runs, LatencyRun::maxMicros),
                    Spread.of(runs, LatencyRun::roundTripsPerSecond), List.copyOf(runs));
        }
    }

    /** One system's one-way streams over the rounds: messages/s and the receiving thread's CPU per message. */
    record OneWay(String system, Spread messagesPerSecond, Spread cpuNanosPerMessage, List<OneWayRun> runs) {

        static OneWay of(String system, List<OneWayRun> runs) {
            return new OneWay(system, Spread.of(runs, OneWayRun::messagesPerSecond),
                    Spread.of(runs, OneWayRun::cpuNanosPerMessage), List.copyOf(runs));
        }
    }

    Optional<RoundTrips> roundTrips(String system, Mode mode) {
        return roundTrips.stream().filter(r -> r.system().equals(system) && r.mode() == mode).findFirst();
    }

    Optional<OneWay> oneWay(String system) {
        return oneWay.stream().filter(r -> r.system().equals(system)).findFirst();
    }

    /** Netty's row that a Salvo row in {@code mode} is compared with. */
    Optional<RoundTrips> nettyPeer(Mode mode) {
        return roundTrips("netty-epoll", mode.nettyPeer());
    }
}
