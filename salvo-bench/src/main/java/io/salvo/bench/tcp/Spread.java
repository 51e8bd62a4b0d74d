package io.salvo.bench.tcp;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of repeated runs and their range. */
public record Spread(double median, double min, double max) {

    public static <T> Spread of(List<T> runs, ToDoubleFunction<T> metric) {
        double[] v = runs.stream().mapToDouble(metric).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1]);
    }
}
