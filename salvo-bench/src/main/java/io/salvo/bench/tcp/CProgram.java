package io.salvo.bench.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C reference program ({@code tcpbench.c}, a resource of this module), compiled with
 * {@code gcc -O2} into a temporary directory (removed when the JVM exits) when the benchmark starts.
 */
final class CProgram {

    private static final String SOURCE = "tcpbench.c";

    private CProgram() {
    }

    /**
     * Compiles the program.
     *
     * @return the executable
     * @throws IOException saying why (no gcc, or it failed) when there is none
     */
    static Path compile() throws IOException {
        Path dir = Files.createTempDirectory("salvo-tcpbench-");
        dir.toFile().deleteOnExit(); // registered first, so deleted after the files in it
        Path source = dir.resolve(SOURCE);
        Path binary = dir.resolve("tcpbench");
        source.toFile().deleteOnExit();
        binary.toFile().deleteOnExit();
        try (InputStream in = CProgram.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException(SOURCE + " is missing from the class path");
            }
            Files.copy(in, source);
        }
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
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
