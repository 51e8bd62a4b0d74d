package io.salvo.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Option checks the benchmark commands share: a picocli usage error, not a stack trace, before any measuring. */
public final class CommandChecks {

    private CommandChecks() {
    }

    /** Throws a usage error of {@code spec}'s command saying {@code message} unless {@code ok}. */
    public static void require(CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Fails now rather than after minutes of measuring when the {@code --out} file cannot be written; creates its directory. */
    public static void requireWritable(CommandSpec spec, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            require(spec, false, "--out: cannot create " + parent + " (" + e.getMessage() + ")");
        }
        require(spec, !Files.isDirectory(file) && Files.isWritable(parent), "--out: cannot write " + file);
    }
}
