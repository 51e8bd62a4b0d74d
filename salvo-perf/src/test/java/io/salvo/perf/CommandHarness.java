package io.salvo.perf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs salvo-perf command lines in this JVM with standard output and error captured, in the
 * foreground or, for servers, on a thread of their own that the test stops by interrupting it.
 * Waits have generous limits and only guard against a hang: nothing here asserts on time.
 */
abstract class CommandHarness {

    /** Longest a wait for a server's output may take before the test gives up (a hang, not slowness). */
    private static final long PATIENCE_MILLIS = 60_000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was captured so far (after a background server's banner, say). */
    void clearOutput() {
        out.reset();
        err.reset();
    }

    /** A salvo-perf command on its own thread. */
    record Background(Thread thread, AtomicInteger exitCode) {
        /** Interrupts it (how an in-process server is told to stop) and returns its exit code. */
        int stop() throws InterruptedException {
            thread.interrupt();
            return awaitExit();
        }

        /** Waits for it to end by itself and returns its exit code. */
        int awaitExit() throws InterruptedException {
            thread.join(PATIENCE_MILLIS);
            assertThat(thread.isAlive()).as("the background command ended").isFalse();
            return exitCode.get();
        }
    }

    Background background(String... args) {
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().name("salvo-perf-under-test").start(() -> code.set(SalvoPerf.execute(args)));
        return new Background(t, code);
    }

    /** Starts a server or echo command and waits for its listening line, which names {@code address}. */
    Background serve(String address, String... args) throws InterruptedException {
        Background b = background(args);
        awaitOutput("listening on " + address, b);
        return b;
    }

    /** Waits until standard output or error contains {@code text}; fails if the command ends first. */
    void awaitOutput(String text, Background b) throws InterruptedException {
        long giveUp = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!stdout().contains(text) && !stderr().contains(text)) {
            assertThat(b.thread().isAlive()).as("still running while waiting for '" + text + "'; stderr: " + stderr())
                    .isTrue();
            assertThat(System.currentTimeMillis()).as("'" + text + "' appears").isLessThan(giveUp);
            Thread.sleep(20);
        }
    }

    /** Waits until standard output has a line containing {@code text}, and returns it. */
    String awaitLine(String text) throws InterruptedException {
        long giveUp = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (true) {
            String line = line(text);
            if (line != null) {
                return line;
            }
            assertThat(System.currentTimeMillis()).as("a line containing '" + text + "' appears").isLessThan(giveUp);
            Thread.sleep(20);
        }
    }

    /** The first line of standard output containing {@code text}, or null. */
    String line(String text) {
        return stdout().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Asserts the one-line failure salvo-perf gives for an unusable endpoint: exit code 2, nothing on stdout. */
    void assertEndpointProblem(int code, String message) {
        assertThat(code).as(stderr()).isEqualTo(2);
        assertThat(stderr().lines().toList()).as("one line").hasSize(1);
        assertThat(stderr()).startsWith("salvo-perf: ").contains(message);
        assertThat(stdout()).isEmpty();
    }
}
