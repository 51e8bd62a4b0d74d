package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * salvo-perf over TCP end to end, in process: the run in one process, client against server, and
 * the server counting another sender's frames. Counts are checked for exactness (TCP loses
 * nothing); nothing is checked against time.
 */
class TcpModesTest extends CommandHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void inOneProcessEveryMessageSentIsReceivedAndTheJsonIsAsDocumented() throws Exception {
        int code = SalvoPerf.execute("--protocol", "tcp", "--duration", "1", "--warmup", "0.25", "--size", "64", "--json");
        assertThat(code).as(stderr()).isZero();
        JsonNode json = MAPPER.readTree(stdout());
        JsonSchemaDoc.assertFollows(json, JsonSchemaDoc.TCP);
        JsonNode m = json.get("messages");
        assertThat(json.get("protocol").asText()).isEqualTo("tcp");
        assertThat(json.get("framing").asText()).isEqualTo("length32");
        assertThat(json.get("transport").asText()).isEqualTo("native");
        assertThat(json.get("batch").asInt()).as("256 KiB of 68-byte frames").isEqualTo(262_144 / 68);
        assertThat(m.get("sent").asLong()).isPositive().isEqualTo(m.get("received").asLong());
        assertThat(m.get("lost").asLong()).isZero();
        assertThat(m.get("out_of_sequence").asLong()).isZero();
        assertThat(m.get("unrecognised").asLong()).isZero();
        assertThat(json.get("connections").get("opened").asInt()).isEqualTo(1);
        assertThat(json.get("connections").get("broken").asInt()).isZero();
        assertThat(json.get("connections").get("first_failure").isNull()).isTrue();
        assertThat(json.get("messages_per_write_call").asDouble()).isGreaterThan(1);
        assertThat(json.get("rtt_us").get("samples").asLong()).isPositive();
        assertThat(json.get("balance").asText()).endsWith(" + 0 lost");
        assertThat(stdout().trim().lines().count()).as("nothing but the JSON on stdout").isEqualTo(1);
        assertThat(stderr()).contains("msg/s", "window so far: sent ", "connections: 1, broken 0");
    }

    @Test
    void overNioWithTwoConnectionsOnIpv6TheSummaryBalances() {
        int code = SalvoPerf.execute("--protocol", "tcp", "--transport", "nio", "--sockets", "2", "--ipv6", "--duration", "1",
                "--rate", "20000", "--size", "200", "--batch", "16");
        assertThat(code).as(stderr()).isZero();
        SummaryText t = new SummaryText(stdout());
        assertThat(t.row("protocol")).isEqualTo("tcp, framing length32");
        assertThat(t.row("transport")).startsWith("nio (nio-tcp");
        assertThat(t.row("settings")).isEqualTo("size 200 B, batch 16 frames per write, connections 2, IPv6");
        String[] b = t.match("balance", "([0-9,]+) sent = ([0-9,]+) received \\+ 0 lost");
        assertThat(SummaryText.count(b[0])).isPositive().isEqualTo(SummaryText.count(b[1]));
        assertThat(t.row("connections")).isEqualTo("2 opened, 0 broken");
        assertThat(t.row("round trip")).contains("p99.9", "max");
    }

    @Test
    void clientAgainstServerBalancesAndTheServerReportsTheTest() throws Exception {
        int port = freeTcpPort();
        Background server = serve("127.0.0.1:" + port, "server", "--protocol", "tcp", "--bind", "127.0.0.1:" + port,
                "--warmup-seconds", "0", "--json", "--exit-after", "300");
        int code = SalvoPerf.execute("client", "--protocol", "tcp", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--duration", "1", "--warmup", "0.25", "--sockets", "2", "--size", "100", "--json");
        assertThat(code).as(stderr()).isZero();
        JsonNode client = MAPPER.readTree(line("\"balance\":")); // the server's report has none
        JsonSchemaDoc.assertFollows(client, JsonSchemaDoc.TCP);
        JsonNode m = client.get("messages");
        assertThat(m.get("sent").asLong()).isPositive().isEqualTo(m.get("received").asLong());
        assertThat(m.get("out_of_sequence").asLong()).isZero();
        assertThat(client.get("connections").get("opened").asInt()).isEqualTo(2);
        assertThat(client.get("receiver_cpu_ns_per_message").isNumber()).isTrue();
        assertThat(client.get("rtt_us").get("samples").asLong()).as("the server echoes after the hello").isPositive();

        JsonNode report = MAPPER.readTree(awaitLine("\"bind\":"));
        assertThat(server.stop()).isZero();
        JsonSchemaDoc.assertFollows(report, JsonSchemaDoc.TCP_SERVER);
        assertThat(report.get("connections").asInt()).as("the echoing connection is not part of the test").isEqualTo(2);
        assertThat(report.get("connections_broken").asInt()).isZero();
        assertThat(report.get("window_end").asText()).isEqualTo("connections closed");
        assertThat(report.get("messages").asLong()).as("with no warm-up, every frame of the test")
                .isGreaterThanOrEqualTo(m.get("received").asLong());
        assertThat(report.get("payload_bytes").asLong()).isEqualTo(report.get("messages").asLong() * 100);
        assertThat(report.get("unrecognised").asLong()).isZero();
        assertThat(report.get("out_of_sequence").asLong()).isZero();
        assertThat(report.get("receiver_cpu_ns_per_message").isNumber()).isTrue();
    }

    /** Any sender of length32 frames will do: here a JDK socket whose frames carry no salvo-perf header. */
    @Test
    void serverCountsAnotherSendersFramesForTheGivenSecondsThenReportsAndExits() throws Exception {
        int port = freeTcpPort();
        Background server = serve("127.0.0.1:" + port, "server", "--protocol", "tcp", "--framing", "length32",
                "--bind", "127.0.0.1:" + port, "--warmup-seconds", "0.1", "--seconds", "0.5", "--json", "--exit-after", "300");
        AtomicLong framesWritten = new AtomicLong();
        Thread sender = Thread.ofPlatform().start(() -> {
            byte[] payload = new byte[300];
            payload[0] = 0x7f;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                 DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                while (true) { // until the server closes the connection as it exits
                    out.writeInt(payload.length);
                    out.write(payload);
                    framesWritten.incrementAndGet();
                }
            } catch (IOException closedByTheServer) {
                // expected
            }
        });
        assertThat(server.awaitExit()).as(stderr()).isZero();
        sender.join(60_000);
        JsonNode report = MAPPER.readTree(line("\"bind\":"));
        JsonSchemaDoc.assertFollows(report, JsonSchemaDoc.TCP_SERVER);
        assertThat(report.get("window_end").asText()).isEqualTo("--seconds");
        assertThat(report.get("duration_s").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(report.get("messages").asLong()).isPositive().isLessThanOrEqualTo(framesWritten.get())
                .isEqualTo(report.get("unrecognised").asLong());
        assertThat(report.get("payload_bytes").asLong()).isEqualTo(report.get("messages").asLong() * 300);
        assertThat(report.get("out_of_sequence").asLong()).isZero();
        assertThat(report.get("connections").asInt()).isEqualTo(1);
        assertThat(report.get("receiver_cpu_ns_per_message").isNumber()).isTrue();
        assertThat(stderr()).contains("salvo-perf server listening on 127.0.0.1:" + port);
    }

    /** A frame bigger than the server's read buffer is one message; the stream goes on after it. */
    @Test
    void serverCountsAFrameLargerThanItsBufferAsOneMessage() throws Exception {
        int port = freeTcpPort();
        Background server = serve("127.0.0.1:" + port, "server", "--protocol", "tcp", "--bind", "127.0.0.1:" + port,
                "--warmup-seconds", "0", "--json", "--exit-after", "300");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(1_000_000);
            d.write(new byte[1_000_000]);
            d.writeInt(5);
            d.write(new byte[5]);
            d.flush();
        }
        JsonNode report = MAPPER.readTree(awaitLine("\"bind\":"));
        assertThat(server.stop()).isZero();
        assertThat(report.get("messages").asLong()).isEqualTo(2);
        assertThat(report.get("payload_bytes").asLong()).isEqualTo(1_000_005);
        assertThat(report.get("connections_broken").asInt()).isZero();
    }
}
