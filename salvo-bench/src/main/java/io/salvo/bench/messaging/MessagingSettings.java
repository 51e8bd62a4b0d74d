package io.salvo.bench.messaging;

import java.util.List;

/**
 * What one {@code salvo-bench messaging} run does.
 *
 * @param rounds        rounds; every round runs every system once per cell, in a rotated order
 * @param warmup        round trips before the measured ones
 * @param count         measured round trips per run
 * @param pingSeconds   the most one ping-pong run may take (a quarter of it for the warm-up)
 * @param warmupSeconds one-way seconds before the measured window
 * @param seconds       one-way measured seconds per run
 * @param systems       the systems to run, by name
 * @param modes         the round-trip modes to run
 */
record MessagingSettings(int rounds, int warmup, int count, double pingSeconds, double warmupSeconds, double seconds,
                         List<String> systems, List<Mode> modes) {

    static final List<String> ALL_SYSTEMS = List.of("salvo", "netty-epoll");
}
