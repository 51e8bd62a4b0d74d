package io.salvo.bench.udplatency;

import io.salvo.bench.GccBuild;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Process echo = start("echo", flavour.label());
        try {
            int port = readPort(echo);
            Process ping = start("ping", Integer.toString(port), flavour.label(), Integer.toString(size),
                    Integer.toString(clock.warmup()), Integer.toString(clock.count()),
                    Long.toString(clock.budgetNanos() / 1_000_000), samples.toString());
            String[] ok = expectOk(ping, clock.budgetNanos() / 1_000_000_000L + 10);
            int measured = Integer.parseInt(ok[2]);
            return RoundTripClock.ofSamples(readSamples(samples, measured), measured, Long.parseLong(ok[1]));
        } finally {
            echo.destroy(); // the echo serves until killed
            echo.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(samples);
        }
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The first line the echo prints: {@code port N}. */
    private static int readPort(Process p) throws IOException {
        String line = reader(p).readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IOException("the C echo did not report a port: " + line);
        }
        return Integer.parseInt(line.substring(5).strip());
    }

    /** Waits for the client to end and returns the words of its {@code ok <elapsed-ns> <measured>} line. */
    private static String[] expectOk(Process p, long timeoutSeconds) throws IOException, InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the C client did not finish within " + timeoutSeconds + " s");
        }
        String line = reader(p).readLine();
        String[] ok = line == null ? new String[0] : line.strip().split(" ");
        if (p.exitValue() != 0 || ok.length != 3 || !ok[0].equals("ok")) {
            throw new IllegalStateException("the C client failed (exit " + p.exitValue() + "): " + line);
        }
        return ok;
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static long[] readSamples(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        if (b.remaining() != count * 8L) {
            throw new IOException("expected " + count + " samples, the file holds " + b.remaining() + " bytes");
        }
        long[] rtt = new long[count];
        b.asLongBuffer().get(rtt);
        return rtt;
    }
}
