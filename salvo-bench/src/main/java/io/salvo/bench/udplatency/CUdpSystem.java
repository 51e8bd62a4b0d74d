package io.salvo.bench.udplatency;

import io.salvo.bench.CChild;
import io.salvo.bench.GccBuild;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's limit: {@code udplatency.c} (a resource of this package, built with {@code gcc -O2}
 * at start) on both ends, one process per side. Its round-trip samples come back through a file
 * and go through the same histogram as the Java systems' ({@link RoundTripClock#ofSamples}).
 */
final class CUdpSystem implements LatencySystem {

    private final Path program;

    private CUdpSystem(Path program) {
        this.program = program;
    }

    /** Compiles the program; an IOException says why there is none (no gcc, a failed compile). */
    static CUdpSystem compile() throws IOException {
        return new CUdpSystem(GccBuild.compile(CUdpSystem.class, "udplatency.c", "udplatency"));
    }

    @Override
    public String name() {
        return "c";
    }

    @Override
    public Kind kind() {
        return Kind.C;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception {
        Path samples = Files.createTempFile(program.getParent(), "rtt-", ".bin");
        CChild echo = start("echo", flavour.label());
        try {
            int port = echo.readPort();
            CChild ping = start("ping", Integer.toString(port), flavour.label(), Integer.toString(size),
                    Integer.toString(clock.warmup()), Integer.toString(clock.count()),
                    Long.toString(clock.budgetNanos() / 1_000_000), samples.toString());
            String[] ok = ping.expectOk(clock.budgetNanos() / 1_000_000_000L + 10, 3);
            int measured = Integer.parseInt(ok[2]);
            return RoundTripClock.ofSamples(CChild.readSamples(samples, measured), measured, Long.parseLong(ok[1]));
        } finally {
            echo.process().destroy(); // the echo serves until killed
            echo.process().waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(samples);
        }
    }

    private CChild start(String... args) throws IOException {
        return CChild.start(program, args);
    }
}
