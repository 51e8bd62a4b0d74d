package io.salvo.bench.tcp;

import java.io.IOException;
import java.nio.file.Path;

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
        Path binary = io.salvo.bench.GccBuild.compile(CProgram.class, SOURCE, "tcpbench");
        return binary;
    }
}
