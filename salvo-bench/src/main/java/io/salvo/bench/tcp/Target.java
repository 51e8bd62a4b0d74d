package io.salvo.bench.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One of Salvo's TCP targets, checked against the medians of a run.
 *
 * @param name   what is compared
 * @param value  the ratio measured (Salvo's median over the reference's)
 * @param limit  the ratio allowed
 * @param atMost true when the ratio must stay at or below the limit, false when at or above it
 * @param met    whether it did
 */
record Target(String name, double value, double limit, boolean atMost, boolean met) {

    static Target atMost(String name, double value, double limit) {
        return new Target(name, value, limit, true, value <= limit);
    }

    static Target atLeast(String name, double value, double limit) {
        return new Target(name, value, limit, false, value >= limit);
    }

    /**
     * Ping-pong: spin p50 <= 1.1x C and p99 <= 1.2x C; blocking p50 <= 1.2x C; ahead of Netty (p50,
     * p99, round trips/s) in each flavour. One-way: receiver CPU per message <= 1.5x C, messages/s
     * >= 0.9x C, and ahead of Netty in both at each size. Targets whose systems did not run are left out.
     */
    static List<Target> check(TcpBenchmark.Results r) {
        List<Target> out = new ArrayList<>();
        for (Flavour f : Flavour.values()) {
            Optional<PingPongSummary> salvo = ping(r, "salvo", f);
            Optional<PingPongSummary> c = ping(r, "c", f);
            Optional<PingPongSummary> netty = ping(r, "netty-epoll", f);
            if (salvo.isEmpty()) {
                continue;
            }
            PingPongSummary s = salvo.get();
            String who = "ping-pong " + f.label() + ": salvo ";
            if (c.isPresent()) {
                out.add(atMost(who + "p50 / c", median(s, c.get(), PingPongSummary::p50Micros), f == Flavour.SPIN ? 1.1 : 1.2));
                if (f == Flavour.SPIN) {
                    out.add(atMost(who + "p99 / c", median(s, c.get(), PingPongSummary::p99Micros), 1.2));
                }
            }
            if (netty.isPresent()) {
                out.add(atMost(who + "p50 / netty-epoll", median(s, netty.get(), PingPongSummary::p50Micros), 1.0));
                out.add(atMost(who + "p99 / netty-epoll", median(s, netty.get(), PingPongSummary::p99Micros), 1.0));
                out.add(atLeast(who + "round trips/s / netty-epoll",
                        median(s, netty.get(), PingPongSummary::roundTripsPerSecond), 1.0));
            }
        }
        for (OneWaySummary s : r.oneWay()) {
            if (!s.system().equals("salvo")) {
                continue;
            }
            String who = "one-way " + s.size() + " B: salvo ";
            Optional<OneWaySummary> c = oneWay(r, "c", s.size());
            Optional<OneWaySummary> netty = oneWay(r, "netty-epoll", s.size());
            if (c.isPresent()) {
                out.add(atMost(who + "rx CPU/msg / c", median(s, c.get(), OneWaySummary::cpuNanosPerMessage), 1.5));
                out.add(atLeast(who + "msg/s / c", median(s, c.get(), OneWaySummary::messagesPerSecond), 0.9));
            }
            if (netty.isPresent()) {
                out.add(atMost(who + "rx CPU/msg / netty-epoll", median(s, netty.get(), OneWaySummary::cpuNanosPerMessage), 1.0));
                out.add(atLeast(who + "msg/s / netty-epoll", median(s, netty.get(), OneWaySummary::messagesPerSecond), 1.0));
            }
        }
        return out;
    }

    private static <T> double median(T salvo, T reference, Function<T, Spread> metric) {
        return metric.apply(salvo).median() / metric.apply(reference).median();
    }

    private static Optional<PingPongSummary> ping(TcpBenchmark.Results r, String system, Flavour f) {
        return r.pingPong().stream().filter(s -> s.system().equals(system) && s.flavour() == f).findFirst();
    }

    private static Optional<OneWaySummary> oneWay(TcpBenchmark.Results r, String system, int size) {
        return r.oneWay().stream().filter(s -> s.system().equals(system) && s.size() == size).findFirst();
    }
}
