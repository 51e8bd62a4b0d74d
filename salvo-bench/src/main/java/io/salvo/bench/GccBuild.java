package io.salvo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C program kept as a class-path resource with {@code gcc -O2} into a temporary
 * directory deleted on exit: the kernel's-limit rows of the benchmarks. Blocking; allocates.
 */
public final class GccBuild {

    private GccBuild() {
    }

    /**
     * @param anchor     the class whose package holds the resource
     * @param source     the resource's file name, e.g. {@code tcpbench.c}
     * @param binaryName the executable's name
     * @param extraFlags more gcc flags (e.g. {@code -pthread})
     * @return the executable
     * @throws IOException saying why (no gcc, a failed compile) when there is none
     */
    public static Path compile(Class<?> anchor, String source, String binaryName, String... extraFlags)
            throws IOException {
        Path dir = Files.createTempDirectory("salvo-" + binaryName + "-");
        dir.toFile().deleteOnExit(); // registered first, so deleted after the files in it
        Path sourceFile = dir.resolve(source);
        Path binary = dir.resolve(binaryName);
        sourceFile.toFile().deleteOnExit();
        binary.toFile().deleteOnExit();
        try (InputStream in = anchor.getResourceAsStream(source)) {
            if (in == null) {
                throw new IOException(source + " is missing from the class path");
            }
            Files.copy(in, sourceFile);
        }
        List<String> command = new ArrayList<>(List.of("gcc", "-O2"));
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-o", binary.toString(), sourceFile.toString()));
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("gcc not found (" + e.getMessage() + ")", e);
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!gcc.waitFor(60, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new IOException("gcc took over 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling", e);
        }
        if (gcc.exitValue() != 0) {
            throw new IOException("gcc failed: " + output);
        }
        return binary;
    }
}
