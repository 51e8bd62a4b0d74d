package io.salvo.perf;

import io.salvo.transport.loopback.LinkConditions;
import picocli.CommandLine.Option;

/**
 * What the simulated link of {@code --transport loopback} does to each datagram, seeded so that a
 * run can be repeated. Rates are percentages, as people write them; {@link #link()} turns them into
 * the {@link LinkConditions} probabilities.
 */
final class ImpairmentOptions {

    @Option(names = "--loss", defaultValue = "0", paramLabel = "PCT",
            description = "With --transport loopback: percentage of datagrams the link drops (default: ${DEFAULT-VALUE}).")
    double lossPercent;

    @Option(names = "--duplicate", defaultValue = "0", paramLabel = "PCT",
            description = "With --transport loopback: percentage of datagrams the link delivers twice (default: ${DEFAULT-VALUE}).")
    double duplicatePercent;

    @Option(names = "--reorder", defaultValue = "0", paramLabel = "PCT",
            description = "With --transport loopback: percentage of datagrams the link holds back behind later ones (default: ${DEFAULT-VALUE}).")
    double reorderPercent;

    @Option(names = "--reorder-distance", defaultValue = "3", paramLabel = "N",
            description = "With --transport loopback: how many later datagrams overtake a held-back one (default: ${DEFAULT-VALUE}).")
    int reorderDistance;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "With --transport loopback: seed of every random choice of the link (default: ${DEFAULT-VALUE}).")
    long seed;

    /** True when any option differs from a perfect link with seed 0. */
    boolean anyGiven() {
        return lossPercent != 0 || duplicatePercent != 0 || reorderPercent != 0 || reorderDistance != 3 || seed != 0;
    }

    /** Checks values; returns a one-line problem or null. */
    String validate() {
        if (!isPercent(lossPercent)) {
            return "--loss must be a percentage between 0 and 100, got " + lossPercent;
        }
        if (!isPercent(duplicatePercent)) {
            return "--duplicate must be a percentage between 0 and 100, got " + duplicatePercent;
        }
        if (!isPercent(reorderPercent)) {
            return "--reorder must be a percentage between 0 and 100, got " + reorderPercent;
        }
        if (reorderDistance < 1 || reorderDistance > 1_000) {
            return "--reorder-distance must be between 1 and 1000, got " + reorderDistance;
        }
        return null;
    }

    private static boolean isPercent(double p) {
        return p >= 0 && p <= 100;
    }

    /** The link every loopback endpoint pair gets. */
    LinkConditions link() {
        return LinkConditions.PERFECT.withLoss(lossPercent / 100).withDuplication(duplicatePercent / 100)
                .withReordering(reorderPercent / 100, reorderDistance);
    }

    /** The settings as reported: loss, duplicate and reorder percentages, reorder distance, seed. */
    Impairments report() {
        return new Impairments(lossPercent, duplicatePercent, reorderPercent, reorderDistance, seed);
    }

    /** The impairments of a loopback run, as the report shows them. */
    record Impairments(double lossPercent, double duplicatePercent, double reorderPercent, int reorderDistance, long seed) {
    }
}
