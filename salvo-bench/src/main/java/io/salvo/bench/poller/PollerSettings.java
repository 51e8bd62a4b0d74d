package io.salvo.bench.poller;

import java.util.List;

/**
 * What one {@code salvo-bench poller} run does.
 *
 * @param sizes          registrations per measurement (sockets on one poller)
 * @param pollers        which pollers to measure, in order
 * @param idleSeconds    seconds the idle poller's CPU is measured over
 * @param trafficSeconds seconds the sender sends in each traffic phase
 * @param rate           datagrams per second the sender paces itself to (0: as fast as it can)
 * @param burst          datagrams per send call (consecutive sockets of the traffic pattern)
 * @param payload        bytes per datagram
 * @param hotPercent     percentage of the sockets the "hot" traffic pattern reaches
 * @param legacyUpTo     largest size the legacy poller runs at
 */
record PollerSettings(List<Integer> sizes, List<PollerKind> pollers, double idleSeconds, double trafficSeconds,
                      int rate, int burst, int payload, double hotPercent, int legacyUpTo) {
}
