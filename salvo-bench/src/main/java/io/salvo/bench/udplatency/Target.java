package io.salvo.bench.udplatency;

import io.salvo.bench.tcp.Flavour;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One of issue #12's ping-pong targets, checked against the medians of a run.
 *
 * @param name  what is compared
 * @param value the measured difference in microseconds ({@code unit} "us") or ratio ("x")
 * @param limit the most it may be
 * @param unit  "us" (Salvo minus C) or "x" (Salvo over a peer)
 * @param met   whether it was
 */
record Target(String name, double value, double limit, String unit, boolean met) {

    /**
     * At each size: Salvo's spin p50 within +1 µs and p99 within +3 µs of C's spin; Salvo's p50
     * and p99 at or below NIO's and Netty's in each flavour. Targets whose systems did not run are
     * left out.
     */
    static List<Target> check(List<Summary> rows) {
        List<Target> out = new ArrayList<>();
        for (Summary s : rows) {
            if (s.kind() != LatencySystem.Kind.SALVO) {
                continue;
            }
            String who = s.size() + " B " + s.flavour().label() + ": salvo ";
            if (s.flavour() == Flavour.SPIN) {
                find(rows, "c", s).ifPresent(c -> {
                    out.add(within(who + "p50 - c", s.p50Micros().median() - c.p50Micros().median(), 1.0));
                    out.add(within(who + "p99 - c", s.p99Micros().median() - c.p99Micros().median(), 3.0));
                });
            }
            for (String peer : List.of("jdk-nio", "netty-epoll")) {
                find(rows, peer, s).ifPresent(p -> {
                    out.add(ratio(who + "p50 / " + peer, s, p, x -> x.p50Micros().median()));
                    out.add(ratio(who + "p99 / " + peer, s, p, x -> x.p99Micros().median()));
                });
            }
        }
        return out;
    }

    private static Target within(String name, double micros, double limit) {
        return new Target(name, micros, limit, "us", micros <= limit);
    }

    private static Target ratio(String name, Summary salvo, Summary peer, Function<Summary, Double> metric) {
        double r = metric.apply(salvo) / metric.apply(peer);
        return new Target(name, r, 1.0, "x", r <= 1.0);
    }

    private static Optional<Summary> find(List<Summary> rows, String system, Summary like) {
        return rows.stream().filter(o -> o.system().equals(system) && o.flavour() == like.flavour() && o.size() == like.size())
                .findFirst();
    }
}
