package io.salvo.bench.tcp;

import io.salvo.bench.CChild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's limit: the C program on both ends, one process per side. Its round-trip samples
 * come back through a file and go through the same percentile code as the Java systems'; the
 * one-way sink measures its own window and thread CPU ({@code CLOCK_THREAD_CPUTIME_ID}).
 */
final class CTcpSystem implements TcpSystem {

    private final Path program;

    CTcpSystem(Path program) {
        this.program = program;
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
    public PingPongRun pingPong(Flavour flavour, int size, RoundTrips trips) throws Exception {
        Path samples = Files.createTempFile(program.getParent(), "rtt-", ".bin");
        CChild echo = start("echo", flavour.label());
        try {
            int port = echo.readPort();
            CChild ping = start("ping", Integer.toString(port), flavour.label(), Integer.toString(size),
                    Integer.toString(trips.warmup()), Integer.toString(trips.count()),
                    Long.toString(trips.budgetNanos() / 1_000_000), samples.toString());
            String[] ok = ping.expectOk(trips.budgetNanos() / 1_000_000_000L + 10, 3);
            int measured = Integer.parseInt(ok[2]);
            long[] rtt = CChild.readSamples(samples, measured);
            echo.process().waitFor(5, TimeUnit.SECONDS);
            return PingPongRun.of(rtt, measured, Long.parseLong(ok[1]));
        } finally {
            echo.process().destroy();
            Files.deleteIfExists(samples);
        }
    }

    @Override
    public OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception {
        CChild sink = start("sink", Integer.toString(size), Long.toString(Math.round(warmupSeconds * 1000)),
                Long.toString(Math.round(seconds * 1000)));
        CChild source = null;
        try {
            int port = sink.readPort();
            source = start("source", Integer.toString(port), Integer.toString(size));
            String[] ok = sink.expectOk(10L + Math.round(warmupSeconds + seconds), 4);
            return new OneWayRun(Long.parseLong(ok[1]), Long.parseLong(ok[2]), Long.parseLong(ok[3]));
        } finally {
            if (source != null && !source.process().waitFor(5, TimeUnit.SECONDS)) {
                source.process().destroy();
            }
            sink.process().destroy();
        }
    }

    private CChild start(String... args) throws IOException {
        return CChild.start(program, args);
    }
}
