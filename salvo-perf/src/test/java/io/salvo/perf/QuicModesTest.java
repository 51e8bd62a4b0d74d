package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code salvo-perf quic server} and {@code quic client} against each other, their JSON against the docs, and bad input. */
class QuicModesTest extends CommandHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void theClientsPacketsAllReachTheServerAndBothReportsFollowTheDocs() throws Exception {
        Background server = background("quic", "server", "--bind", "127.0.0.1:0", "--duration", "120", "--json");
        int port = awaitPort();
        clearOutput();

        int code = SalvoPerf.execute("quic", "client", "--connect", "127.0.0.1:" + port, "--connections", "2",
                "--packets", "300", "--size", "1232", "--json");
        assertThat(code).as(stderr()).isZero();
        JsonNode client = MAPPER.readTree(lastLine(stdout()));
        JsonSchemaDoc.assertFollows(client, JsonSchemaDoc.QUIC_CLIENT);
        assertThat(client.get("packets").asLong()).isEqualTo(300);
        assertThat(client.get("confirmed").asLong()).isEqualTo(300);
        assertThat(client.get("unconfirmed").asLong()).isZero();
        clearOutput();

        assertThat(server.stop()).isZero();
        JsonNode report = MAPPER.readTree(lastLine(stdout()));
        JsonSchemaDoc.assertFollows(report, JsonSchemaDoc.QUIC_SERVER);
        assertThat(report.get("streams").asLong()).isEqualTo(300);
        assertThat(report.get("bytes").asLong()).isEqualTo(300 * 1232L);
        assertThat(report.get("connections").asLong()).isEqualTo(2);
        assertThat(report.get("server_cpu_ns_per_stream").asDouble()).isPositive();
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws Exception {
        assertThat(SalvoPerf.execute("quic")).isEqualTo(2);
        assertThat(SalvoPerf.execute("quic", "client", "--connect", "127.0.0.1:4433", "--connections", "0")).isEqualTo(2);
        assertThat(SalvoPerf.execute("quic", "client", "--connect", "127.0.0.1:4433", "--size", "5000")).isEqualTo(2);
        assertThat(SalvoPerf.execute("quic", "server", "--bind", "127.0.0.1:70000", "--duration", "1")).isEqualTo(2);
        assertThat(SalvoPerf.execute("quic", "server", "--bind", "127.0.0.1:0", "--cert", "x.pem")).isEqualTo(2);
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            clearOutput();
            assertThat(SalvoPerf.execute("quic", "server", "--bind", "127.0.0.1:" + taken.getLocalPort(), "--duration", "1"))
                    .isEqualTo(2);
            assertThat(stderr()).contains("cannot listen on").hasLineCount(1);
        }
        // Nothing listens on a port just released: the handshake times out (5 s), a one-line error.
        int free;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        clearOutput();
        assertThat(SalvoPerf.execute("quic", "client", "--connect", "127.0.0.1:" + free, "--packets", "1")).isEqualTo(2);
        assertThat(stderr()).contains("cannot connect to").hasLineCount(1);
    }

    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(stderr());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server never said where it listens: " + stderr());
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
