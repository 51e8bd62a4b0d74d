package io.salvo.messaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking receives park virtual threads without pinning their carriers: see
 * {@link VirtualThreadClientsMain}, run here in a JVM whose carrier pool is two threads, with 200
 * clients all parked in {@code recv()} at once.
 */
class VirtualThreadClientsTest {

    @Test
    void twoHundredVirtualThreadClientsParkedAtOnceOnTwoCarriersAllGetTheirAnswers() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(),
                "-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2",
                "--enable-native-access=ALL-UNNAMED", "-Xss1m",
                "-cp", System.getProperty("java.class.path"),
                VirtualThreadClientsMain.class.getName(), "200", "5"))
                .redirectErrorStream(true).start();
        boolean exited = p.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = output(p);
        assertThat(exited).as("the clients finished (a pinned carrier would hang them): " + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("OK 200 clients, 1000 answers, carriers 2");
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
