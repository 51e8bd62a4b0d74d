package io.salvo.bench.compare;

import io.salvo.bench.GccBuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C reference program of the comparison ({@code udpbench.c}): compiled with {@code gcc -O2}
 * once per JVM, on first use. Each {@link #start} runs one side of it as a child process whose
 * counters this class reads from a shared, memory-mapped file, and whose thread's CPU time it reads
 * from {@code /proc}. Blocking; allocates; not for hot paths.
 */
final class CProgram {

    private static Path binary;
    private static String unavailable;

    private CProgram() {
    }

    /** The compiled program, or null when there is none (see {@link #whyUnavailable()}). */
    static synchronized Path binary() {
        if (binary == null && unavailable == null) {
            try {
                binary = GccBuild.compile(CProgram.class, "udpbench.c", "udpbench");
            } catch (IOException e) {
                unavailable = e.getMessage();
            }
        }
        return binary;
    }

    /** Why there is no C program (no gcc, a failed compile), or null when there is one. */
    static synchronized String whyUnavailable() {
        binary();
        return unavailable;
    }

    /**
     * Runs {@code udpbench ARGS...} with the counters file in place of {@code FILE} and waits for its
     * first line.
     *
     * @param counterIndex which counter is this side's (0 received, 1 sent)
     * @param tidIndex     where the side's thread id is (2 receiver, 3 sender)
     */
    static Running start(int counterIndex, int tidIndex, String mode, String... args) throws IOException {
        Path program = binary();
        if (program == null) {
            throw new IOException("no C program: " + unavailable);
        }
        Path counters = Files.createTempFile(program.getParent(), mode + "-", ".counters");
        List<String> command = new ArrayList<>(List.of(program.toString(), mode, counters.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (first == null) {
            p.destroyForcibly();
            Files.deleteIfExists(counters);
            throw new IOException("udpbench " + mode + " ended before it started (exit " + waitExit(p) + ")");
        }
        Arena arena = Arena.ofShared();
        MemorySegment mapped;
        try (FileChannel ch = FileChannel.open(counters, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64, arena);
        }
        return new Running(p, first, mapped, arena, counters, counterIndex, tidIndex);
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One running side of the C program. */
    record Running(Process process, String firstLine, MemorySegment counters, Arena arena, Path file, int counterIndex,
                   int tidIndex) implements AutoCloseable {

        /** Datagrams received or sent so far. */
        long count() {
            return counters.get(ValueLayout.JAVA_LONG, counterIndex * 8L);
        }

        /** The working thread's CPU time so far: the first field of its {@code schedstat}, in nanoseconds. */
        long cpuNanos() {
            long tid = counters.get(ValueLayout.JAVA_LONG, tidIndex * 8L);
            Path stat = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(tid), "schedstat");
            try {
                String line = Files.readString(stat).strip();
                return Long.parseLong(line.substring(0, line.indexOf(' ')));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the C program's thread CPU time from " + stat + ": " + e, e);
            }
        }

        /** Side from this process: counter, CPU time, and a stop that kills it and frees the mapping. */
        Side side(java.net.InetSocketAddress address) {
            return new Side(address, this::count, null, this::cpuNanos, this);
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            if (waitExit(process) == -1) {
                process.destroyForcibly();
            }
            arena.close();
            Files.deleteIfExists(file);
        }
    }
}
