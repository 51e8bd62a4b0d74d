package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * sockperf, the reference latency tool, when it is installed: {@code sockperf server} and
 * {@code sockperf ping-pong} on loopback, one process per side, with {@code --data-integrity} (it
 * checks every echoed byte) and {@code --full-log}, whose per-message round trips go through the
 * same histogram as every other system's. Spin: {@code --nonblocked} sockets on both sides
 * ({@code recvfrom} retried at once); block: blocking {@code recvfrom}. sockperf runs for whole
 * seconds ({@code -t}, the clock's budget rounded down, at least 1) and leaves out its own warm-up
 * (400 ms); the clock's counts do not apply. Its payload carries sockperf's own 14-byte header.
 */
final class SockperfSystem implements LatencySystem {

    private static final String PROGRAM = "sockperf";

    /** Null when sockperf runs here, else why not. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder(PROGRAM, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "sockperf --version failed";
        } catch (IOException e) {
            return "sockperf not installed (apt-get install sockperf)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public String name() {
        return "sockperf";
    }

    @Override
    public Kind kind() {
        return Kind.REFERENCE;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception {
        if (size < 14) {
            throw new IllegalArgumentException("sockperf needs messages of at least 14 bytes, got " + size);
        }
        int port = freePort();
        long seconds = Math.max(1, clock.budgetNanos() / 1_000_000_000L);
        Path log = Files.createTempFile("salvo-sockperf-", ".csv");
        List<String> server = new ArrayList<>(List.of(PROGRAM, "server", "-i", "127.0.0.1", "-p", Integer.toString(port)));
        List<String> client = new ArrayList<>(List.of(PROGRAM, "ping-pong", "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-m", Integer.toString(size), "-t", Long.toString(seconds), "--full-rtt", "--data-integrity",
                "--full-log", log.toString()));
        if (flavour == Flavour.SPIN) {
            server.add("--nonblocked");
            client.add("--nonblocked");
        }
        Process echo = new ProcessBuilder(server).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(300); // sockperf says nothing when it is ready; its client's warm-up covers a late start too
            Process ping = new ProcessBuilder(client).redirectErrorStream(true).start();
            String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ping.waitFor(seconds + 30, TimeUnit.SECONDS) || ping.exitValue() != 0) {
                ping.destroyForcibly();
                throw new IllegalStateException("sockperf ping-pong failed: " + lastLines(output));
            }
            if (output.contains("data integrity test failed")) {
                throw new IllegalStateException("sockperf: an echo differs from its message: " + lastLines(output));
            }
            if (!output.contains("# dropped messages = 0; # duplicated messages = 0; # out-of-order messages = 0")) {
                throw new IllegalStateException("sockperf saw lost, duplicated or reordered messages: " + lastLines(output));
            }
            return SockperfLog.parse(Files.readAllLines(log), output);
        } finally {
            echo.destroy();
            echo.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    }
}
