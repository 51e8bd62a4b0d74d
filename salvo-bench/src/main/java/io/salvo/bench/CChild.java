package io.salvo.bench;

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
 * A running mode of one of the benchmarks' C programs, and the small line protocol they share: a
 * listening mode first prints {@code port N}; a mode that ends prints {@code ok <words...>} and
 * exits 0. Standard error is the benchmark's own. Not thread-safe; one owner.
 *
 * @param process the running program
 * @param out     its standard output, read line by line
 */
public record CChild(Process process, BufferedReader out) {

    /** Starts {@code program} with {@code args}. */
    public static CChild start(Path program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new CChild(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)));
    }

    /** The first line a listening mode prints: {@code port N}. Blocks until it comes. */
    public int readPort() throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IOException("the C program did not report a port: " + line);
        }
        return Integer.parseInt(line.substring(5).strip());
    }

    /**
     * Waits for the program to end and returns the words of its {@code ok ...} line, which must
     * have {@code words} words; kills it after {@code timeoutSeconds}.
     *
     * @throws IOException when it overran, failed, or printed something else
     */
    public String[] expectOk(long timeoutSeconds, int words) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the C program did not finish within " + timeoutSeconds + " s");
        }
        String line = out.readLine();
        String[] ok = line == null ? new String[0] : line.strip().split(" ");
        if (process.exitValue() != 0 || ok.length != words || !ok[0].equals("ok")) {
            throw new IOException("the C program failed (exit " + process.exitValue() + "): " + line);
        }
        return ok;
    }

    /** The {@code count} native-order 64-bit round-trip samples a ping mode wrote to {@code file}. */
    public static long[] readSamples(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        if (b.remaining() != count * 8L) {
            throw new IOException("expected " + count + " samples, the file holds " + b.remaining() + " bytes");
        }
        long[] rtt = new long[count];
        b.asLongBuffer().get(rtt);
        return rtt;
    }
}
