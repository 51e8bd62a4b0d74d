package io.salvo.bench.tcp;

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
        Child echo = start("echo", flavour.label());
        try {
            int port = echo.readPort();
            Child ping = start("ping", Integer.toString(port), flavour.label(), Integer.toString(size),
                    Integer.toString(trips.warmup()), Integer.toString(trips.count()),
                    Long.toString(trips.budgetNanos() / 1_000_000), samples.toString());
            String[] ok = ping.expectOk(trips.budgetNanos() / 1_000_000_000L + 10, 3);
            int measured = Integer.parseInt(ok[2]);
            long[] rtt = readSamples(samples, measured);
            echo.process.waitFor(5, TimeUnit.SECONDS);
            return PingPongRun.of(rtt, measured, Long.parseLong(ok[1]));
        } finally {
            echo.process.destroy();
            Files.deleteIfExists(samples);
        }
    }

    @Override
    public OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception {
        Child sink = start("sink", Integer.toString(size), Long.toString(Math.round(warmupSeconds * 1000)),
                Long.toString(Math.round(seconds * 1000)));
        Child source = null;
        try {
            int port = sink.readPort();
            source = start("source", Integer.toString(port), Integer.toString(size));
            String[] ok = sink.expectOk(10L + Math.round(warmupSeconds + seconds), 4);
            return new OneWayRun(Long.parseLong(ok[1]), Long.parseLong(ok[2]), Long.parseLong(ok[3]));
        } finally {
            if (source != null && !source.process.waitFor(5, TimeUnit.SECONDS)) {
                source.process.destroy();
            }
            sink.process.destroy();
        }
    }

    private Child start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)));
    }

    /** A running mode of the C program and its standard output. */
    private record Child(Process process, BufferedReader out) {

        /** The first line a listening mode prints: {@code port N}. */
        int readPort() throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith("port ")) {
                throw new IOException("the C program did not report a port: " + line);
            }
            return Integer.parseInt(line.substring(5).strip());
        }

        /** Waits for the process to end and returns the words of its {@code ok ...} line. */
        String[] expectOk(long timeoutSeconds, int words) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroy();
                throw new IOException("the C program did not finish within " + timeoutSeconds + " s");
            }
            String line = out.readLine();
            String[] ok = line == null ? new String[0] : line.strip().split(" ");
            if (process.exitValue() != 0 || ok.length != words || !ok[0].equals("ok")) {
                throw new IOException("the C program failed (exit " + process.exitValue() + "): " + line);
            }
            return ok;
        }
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
