package io.salvo.bench.udplatency;

import io.salvo.bench.tcp.Flavour;

import java.util.List;

/**
 * What one {@code salvo-bench udp-latency} run does.
 *
 * @param rounds   rounds; every round runs every cell once, in a rotated order
 * @param warmup   round trips before the measured ones
 * @param count    measured round trips per run
 * @param seconds  the most one run may take (a quarter of it for the warm-up)
 * @param sizes    probe sizes in bytes
 * @param systems  the systems to run, by name
 * @param flavours the flavours to run
 */
record Settings(int rounds, int warmup, int count, double seconds, List<Integer> sizes, List<String> systems,
                List<Flavour> flavours) {

    static final List<String> ALL_SYSTEMS = List.of("c", "salvo", "jdk-nio", "netty-epoll", "sockperf");
}
