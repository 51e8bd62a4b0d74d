package io.salvo.bench.poller;

import java.util.Arrays;
import java.util.List;

/**
 * One traffic phase: a paced sender spreading datagrams over {@code activeSockets} sockets, measured
 * in consecutive windows (the median window is the phase's number: on a shared machine a window
 * that other processes disturbed stands out, and the median leaves it out).
 *
 * @param activeSockets  sockets the sender addressed
 * @param sent           datagrams the kernel accepted from the sender
 * @param received       datagrams the handlers got
 * @param handlerCalls   batch callbacks (one per receive that returned datagrams)
 * @param pollerCpuNanos the poller thread's CPU time from the first send until delivery stopped
 * @param elapsedNanos   wall time of that window
 * @param windows        each window's poller CPU per received datagram, in nanoseconds
 * @param firstPass      poller CPU per datagram of the unmeasured pass before the windows, which
 *                       sent one datagram to each socket (first receives included)
 */
record TrafficResult(int activeSockets, long sent, long received, long handlerCalls, long pollerCpuNanos,
                     long elapsedNanos, List<Double> windows, double firstPass) {

    /** The median window's poller CPU per datagram, in nanoseconds (NaN when nothing arrived). */
    double cpuNanosPerDatagram() {
        double[] v = windows.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Lowest and highest window. */
    double[] windowRange() {
        double[] v = windows.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
        return v.length == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow()};
    }

    /** Poller CPU per datagram over the whole phase. */
    double overallCpuNanosPerDatagram() {
        return received == 0 ? Double.NaN : (double) pollerCpuNanos / received;
    }

    /** Poller CPU per receive that brought datagrams (median window's per-datagram cost times datagrams per receive). */
    double cpuNanosPerReceive() {
        return cpuNanosPerDatagram() * datagramsPerCall();
    }

    /** Datagrams per batch callback: how much each receive carried. */
    double datagramsPerCall() {
        return handlerCalls == 0 ? Double.NaN : (double) received / handlerCalls;
    }

    /** The poller thread's share of one CPU over the phase. */
    double pollerCpuShare() {
        return elapsedNanos == 0 ? Double.NaN : (double) pollerCpuNanos / elapsedNanos;
    }
}
