package io.salvo.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median and range of one system's repeated runs in one cell. */
record Summary(String system, Cell cell, int runs, double medianPps, double minPps, double maxPps, double medianCpuNs,
               double minCpuNs, double maxCpuNs, double medianAlloc, List<RunResult> raw) {

    static Summary of(String system, Cell cell, List<RunResult> runs) {
        return new Summary(system, cell, runs.size(), median(runs, RunResult::receivedPps), min(runs, RunResult::receivedPps),
                max(runs, RunResult::receivedPps), median(runs, RunResult::receiverCpuNs), min(runs, RunResult::receiverCpuNs),
                max(runs, RunResult::receiverCpuNs), median(runs, RunResult::allocatedPerDatagram), new ArrayList<>(runs));
    }

    /** Median of the datagrams per second the system's sender handed to the kernel. */
    double medianSentPps() {
        return median(raw, RunResult::sentPps);
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        return Arrays.stream(runs.stream().mapToDouble(f).toArray()).min().orElse(Double.NaN);
    }

    private static double max(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        return Arrays.stream(runs.stream().mapToDouble(f).toArray()).max().orElse(Double.NaN);
    }
}
