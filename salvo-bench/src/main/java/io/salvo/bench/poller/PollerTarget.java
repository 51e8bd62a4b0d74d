package io.salvo.bench.poller;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One of issue 16's targets, checked against the current poller's rows of a run.
 *
 * @param name  what is compared
 * @param value the worst value measured
 * @param limit the value allowed
 * @param unit  the unit of both
 * @param met   whether the value stays within the limit
 */
record PollerTarget(String name, double value, double limit, String unit, boolean met) {

    static final double REGISTRATION_MICROS = 5;
    static final double IDLE_MILLIS_PER_SECOND = 1;
    static final double SCALE_RATIO = 1.2;

    /**
     * Registration at most 5 us per socket and idle CPU under 1 ms per second at every size; CPU per
     * datagram at the largest size within 1.2x of the smallest, for each traffic pattern.
     */
    static List<PollerTarget> check(List<SizeResult> rows) {
        List<SizeResult> current = rows.stream().filter(r -> r.poller().equals(PollerKind.CURRENT.label))
                .sorted(Comparator.comparingInt(SizeResult::sockets)).toList();
        List<PollerTarget> out = new ArrayList<>();
        if (current.isEmpty()) {
            return out;
        }
        SizeResult worstRegistration = current.stream()
                .max(Comparator.comparingDouble(SizeResult::registrationNanosPerSocket)).orElseThrow();
        out.add(new PollerTarget("registration per socket, worst size (" + count(worstRegistration) + ")",
                worstRegistration.registrationNanosPerSocket() / 1e3, REGISTRATION_MICROS, "us",
                worstRegistration.registrationNanosPerSocket() / 1e3 <= REGISTRATION_MICROS));
        SizeResult worstIdle = current.stream().max(Comparator.comparingDouble(SizeResult::idleCpuMillisPerSecond))
                .orElseThrow();
        out.add(new PollerTarget("idle CPU, worst size (" + count(worstIdle) + ")", worstIdle.idleCpuMillisPerSecond(),
                IDLE_MILLIS_PER_SECOND, "ms/s", worstIdle.idleCpuMillisPerSecond() < IDLE_MILLIS_PER_SECOND));
        if (current.size() > 1) {
            SizeResult small = current.getFirst();
            SizeResult large = current.getLast();
            scale("traffic on all sockets", small, large, SizeResult::spread).ifPresent(out::add);
            scale("traffic on 1 socket in " + hotStep(small), small, large, SizeResult::hot).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<PollerTarget> scale(String pattern, SizeResult small, SizeResult large,
                                                java.util.function.Function<SizeResult, TrafficResult> which) {
        ToDoubleFunction<SizeResult> cost = r -> which.apply(r).cpuNanosPerDatagram();
        double ratio = cost.applyAsDouble(large) / cost.applyAsDouble(small);
        if (Double.isNaN(ratio)) {
            return Optional.empty();
        }
        return Optional.of(new PollerTarget("CPU per datagram " + count(large) + " / " + count(small) + ", " + pattern,
                ratio, SCALE_RATIO, "x", ratio <= SCALE_RATIO));
    }

    private static int hotStep(SizeResult r) {
        return Math.max(1, Math.round((float) r.sockets() / r.hot().activeSockets()));
    }

    private static String count(SizeResult r) {
        return String.format(Locale.ROOT, "%,d", r.sockets());
    }
}
