package io.salvo.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side comparison: every cell (payload size, with or without offloads) is run for
 * every system that supports it, repeated, with the systems interleaved (the order rotates each
 * repetition) so that a noisy machine's slow spells spread over all of them.
 */
public final class Comparison {

    /** How long salvo-mmsg-only's receive loop lets a drained queue refill (see SalvoPeer). */
    static final long COALESCE_NANOS = 50_000;

    /**
     * {@code c}: the kernel's limit, when gcc can build it. {@code salvo}: Salvo's defaults
     * (sendBatch coalesces equal-size runs into GSO messages; no receive coalescing).
     * {@code salvo-mmsg-only}: no GSO of any kind, only recvmmsg/sendmmsg batching, with 50 µs
     * receive coalescing; plain cells only.
     */
    private final List<Peer> peers;
    private final List<Cell> cells;
    private final int repeats;
    private final double warmupSeconds;
    private final double windowSeconds;
    private final PrintStream log;

    public Comparison(List<Integer> sizes, int repeats, double warmupSeconds, double windowSeconds, PrintStream log) {
        this(sizes, List.of(Cell.Mode.values()), null, repeats, warmupSeconds, windowSeconds, log);
    }

    /**
     * Only the cells of {@code modes}, and only the systems named in {@code systems} (all when null).
     *
     * @throws IllegalArgumentException when {@code systems} names a system that does not exist here
     */
    public Comparison(List<Integer> sizes, List<Cell.Mode> modes, List<String> systems, int repeats, double warmupSeconds,
                      double windowSeconds, PrintStream log) {
        List<Cell> c = new ArrayList<>();
        for (Cell.Mode mode : modes) {
            for (int size : sizes) {
                c.add(new Cell(size, mode));
            }
        }
        List<Peer> p = new ArrayList<>();
        if (CProgram.binary() != null) {
            p.add(new CPeer());
        } else {
            log.println("  no C row: " + CProgram.whyUnavailable());
        }
        p.addAll(List.of(new SalvoPeer("salvo", 0, true, false), new SalvoPeer("salvo-mmsg-only", COALESCE_NANOS, false, true),
                new NioPeer(), new NettyPeer()));
        if (systems != null) {
            List<String> known = p.stream().map(Peer::name).toList();
            for (String s : systems) {
                if (!known.contains(s)) {
                    throw new IllegalArgumentException("unknown system '" + s + "': one of " + known);
                }
            }
            p.removeIf(peer -> !systems.contains(peer.name()));
        }
        this.peers = List.copyOf(p);
        log.println("  rx-bound cells: every receiver is fed by " + GsoFeeder.describe() + "; receivers without GRO");
        this.cells = List.copyOf(c);
        this.repeats = repeats;
        this.warmupSeconds = warmupSeconds;
        this.windowSeconds = windowSeconds;
        this.log = log;
    }

    /** Runs everything and returns the summaries, cell by cell, system by system. */
    public List<Summary> run() throws Exception {
        Map<String, List<RunResult>> byKey = new LinkedHashMap<>();
        for (int rep = 0; rep < repeats; rep++) {
            for (Cell cell : cells) {
                List<Peer> order = new ArrayList<>(peers);
                java.util.Collections.rotate(order, rep);
                for (Peer p : order) {
                    if (!p.supports(cell)) {
                        continue;
                    }
                    RunResult r = Measurement.run(p, cell, warmupSeconds, windowSeconds);
                    log.printf(Locale.ROOT, "  run %d/%d  %-16s %-12s %12.0f dgram/s  %8.1f ns/dgram rx CPU%n", rep + 1,
                            repeats, cell.label(), p.name(), r.receivedPps(), r.receiverCpuNs());
                    byKey.computeIfAbsent(cell.label() + "|" + p.name(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Summary> out = new ArrayList<>();
        for (Cell cell : cells) {
            for (Peer p : peers) {
                List<RunResult> runs = byKey.get(cell.label() + "|" + p.name());
                if (runs != null) {
                    out.add(Summary.of(p.name(), cell, runs));
                }
            }
        }
        return out;
    }

    /** Prints the table, then writes JSON and an SVG chart into {@code dir}. */
    public static void report(List<Summary> summaries, PrintStream out, Path dir) throws IOException {
        Report.table(summaries, out);
        Report.targets(summaries, out);
        Path json = Report.writeJson(summaries, dir);
        Path svg = Chart.writeSvg(summaries, dir);
        out.println();
        out.println("wrote " + json + " and " + svg);
    }
}
