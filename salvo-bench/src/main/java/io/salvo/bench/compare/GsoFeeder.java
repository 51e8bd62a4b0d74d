package io.salvo.bench.compare;

import java.net.InetSocketAddress;

/**
 * The sender of the receiver-bound cells: one GSO sender, the same for every system, fast enough
 * that the receiver is the bottleneck. It is the C program when it could be built, else Salvo's
 * own GSO sender (noted once in the log by {@link Comparison}).
 */
final class GsoFeeder {

    private GsoFeeder() {
    }

    static Side start(Cell cell, InetSocketAddress target) throws Exception {
        if (CProgram.binary() != null) {
            return CPeer.sender(cell, target, true);
        }
        return SalvoPeer.startSender(cell, target, SalvoPeer.defaultOptions());
    }

    /** Who feeds the receiver-bound cells, for the log. */
    static String describe() {
        String why = CProgram.whyUnavailable();
        return why == null ? "the C program's GSO sender" : "Salvo's GSO sender (no C program: " + why + ")";
    }
}
