package io.salvo.bench.poller;

import java.util.List;

/**
 * One poller with {@code sockets} UDP sockets registered.
 *
 * @param poller                     which poller
 * @param sockets                    sockets registered
 * @param addresses                  loopback addresses the sockets are spread over (127.0.0.1 up)
 * @param openNanosPerSocket         opening and binding one socket (not the poller's cost; for scale)
 * @param registrations              each round's time from the first register call until
 *                                   {@code registered()} reached {@code sockets}
 * @param registrationCallerCpuNanos CPU time of the thread calling {@code register}, over all rounds
 * @param registrationPollerCpuNanos CPU time of the poller thread, over all rounds
 * @param unregistrations            each time from the first unregister call until {@code registered()}
 *                                   reached 0 (between registration rounds)
 * @param idleCpuNanos               the poller thread's CPU over {@code idleNanos} with nothing arriving
 * @param idleNanos                  the idle window
 * @param spread                     traffic spread over every socket
 * @param hot                        traffic on a small share of the sockets
 * @param closeNanos                 {@code close()} of the poller with every socket still registered
 */
record SizeResult(String poller, int sockets, int addresses, double openNanosPerSocket, List<Long> registrations,
                  long registrationCallerCpuNanos, long registrationPollerCpuNanos, List<Long> unregistrations,
                  long idleCpuNanos, long idleNanos, TrafficResult spread, TrafficResult hot, long closeNanos) {

    /** The median round's registration time per socket. */
    double registrationNanosPerSocket() {
        return median(registrations) / sockets;
    }

    /** CPU per registration: the registering thread's and the poller's, in nanoseconds. */
    double registrationCpuNanosPerSocket() {
        return (double) (registrationCallerCpuNanos + registrationPollerCpuNanos) / registrations.size() / sockets;
    }

    double unregistrationNanosPerSocket() {
        return unregistrations.isEmpty() ? Double.NaN : median(unregistrations) / sockets;
    }

    /** Idle poller CPU in milliseconds per second. */
    double idleCpuMillisPerSecond() {
        return idleNanos == 0 ? Double.NaN : idleCpuNanos / 1e6 / (idleNanos / 1e9);
    }

    static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}
