package io.salvo.bench.tcp;

import java.util.List;

/**
 * What one {@code salvo-bench tcp} run does.
 *
 * @param rounds        rounds; every round runs every system once per cell, in a rotated order
 * @param warmup        ping-pong round trips before the measured ones
 * @param count         measured ping-pong round trips per run
 * @param pingSize      ping-pong payload bytes
 * @param pingSeconds   the most one ping-pong run may take (a quarter of it for the warm-up)
 * @param sizes         one-way payload sizes
 * @param warmupSeconds one-way seconds before the measured window
 * @param seconds       one-way measured seconds per run
 * @param systems       the systems to run, by name
 * @param flavours      the ping-pong flavours to run
 */
record Settings(int rounds, int warmup, int count, int pingSize, double pingSeconds, List<Integer> sizes, double warmupSeconds,
                double seconds, List<String> systems, List<Flavour> flavours) {

    static final List<String> ALL_SYSTEMS = List.of("c", "salvo", "jdk-nio", "netty-epoll");
}
