package io.salvo.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the TCP, echo and latency modes: invalid options, and endpoints the test cannot
 * use (a bad address, a port in use, nothing listening). Each gets a clear line and exit code 2.
 */
class StreamBadInputTest extends CommandHarness {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--protocol sctp|unknown protocol 'sctp': expected udp, tcp or unix",
            "echo --protocol sctp --bind 127.0.0.1:0|unknown protocol 'sctp'",
            "latency --protocol quic --connect 127.0.0.1:1|unknown protocol 'quic'",
            "server --protocol carrier-pigeon|unknown protocol 'carrier-pigeon'",
            "--protocol unix|--protocol unix is for the echo and latency subcommands",
            "server --protocol unix|server needs --protocol udp or tcp",
            "--protocol tcp --transport loopback|--protocol tcp needs --transport native or nio",
            "--protocol tcp --gso|--gso and --gro are UDP only",
            "--protocol tcp --coalesce-us 5|--coalesce-us is UDP only",
            "--protocol tcp --size 8|--size must be between 9 (the sequence header) and 16777216 over TCP",
            "--protocol tcp --batch 0|--batch over TCP must be between 1 and",
            "--protocol tcp --framing length16|unknown framing 'length16': expected length32",
            "--framing length32|--framing needs --protocol tcp",
            "client --protocol tcp --host 127.0.0.1 --transport loopback|client needs --transport native or nio",
            "server --protocol tcp --batch 8|--batch and --gro are UDP only",
            "server --json|--framing, --json, --warmup-seconds and --seconds need --protocol tcp",
            "server --protocol tcp --seconds 0|--seconds must be > 0",
            "echo --protocol unix --bind @x --transport nio|--protocol unix is native only",
            "echo --protocol udp --bind 127.0.0.1:0 --framing length32|--framing needs --protocol tcp or unix",
            "echo --bind 127.0.0.1:0 --idle doze|expected spin or block, got 'doze'",
            "echo --protocol tcp|Missing required option: '--bind=ADDR'",
            "latency --connect 127.0.0.1:1 --size 8|--size must be between 9",
            "latency --connect 127.0.0.1:1 --count 0|--count must be between 1",
            "latency --protocol udp --connect 127.0.0.1:1 --framing length32|--framing needs --protocol tcp or unix"})
    void invalidOptionsGetTheProblemAndExitCodeTwo(String args, String message) {
        int code = SalvoPerf.execute(args.split(" "));
        assertThat(code).as(stderr()).isEqualTo(2);
        assertThat(stderr()).startsWith("salvo-perf: ").contains(message);
        assertThat(stdout()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo --bind 127.0.0.1:99999|bad address '127.0.0.1:99999': expected HOST:PORT or [IPV6]:PORT, with a port 0..65535",
            "echo --bind 127.0.0.1|bad address '127.0.0.1'",
            "latency --connect localhost:http|bad address 'localhost:http'",
            "latency --connect [::1|bad address '[::1'",
            "latency --protocol unix --connect @|bad address '@': expected a socket path or @name",
            "client --protocol tcp --host 127.0.0.1:x|bad address '127.0.0.1:x'"})
    void aBadAddressIsOneLineAndExitCodeTwo(String args, String message) {
        assertEndpointProblem(SalvoPerf.execute(args.split(" ")), message);
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            assertEndpointProblem(SalvoPerf.execute("echo", "--protocol", "tcp", "--bind", at), "cannot listen on " + at);
            clearOutput();
            assertEndpointProblem(SalvoPerf.execute("server", "--protocol", "tcp", "--bind", at), "cannot listen on " + at);
        }
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            clearOutput();
            assertEndpointProblem(SalvoPerf.execute("echo", "--protocol", "udp", "--bind", at), "cannot listen on " + at);
        }
    }

    @Test
    void nothingListeningIsOneLineAndExitCodeTwo() throws Exception {
        int port = freeTcpPort();
        String at = "127.0.0.1:" + port;
        assertEndpointProblem(SalvoPerf.execute("latency", "--connect", at),
                "cannot connect to " + at + ": nothing listens there (connection refused)");
        clearOutput();
        assertEndpointProblem(SalvoPerf.execute("client", "--protocol", "tcp", "--host", at, "--duration", "1"),
                "cannot connect to " + at);
        clearOutput();
        assertEndpointProblem(SalvoPerf.execute("latency", "--protocol", "unix", "--connect", "@salvo-perf-nobody-" + port),
                "cannot connect to @salvo-perf-nobody-" + port);
        clearOutput();
        int udp = freeUdpPort();
        assertEndpointProblem(SalvoPerf.execute("latency", "--protocol", "udp", "--connect", "127.0.0.1:" + udp,
                "--timeout-ms", "20"), "no echo from 127.0.0.1:" + udp + " for 3 probes in a row");
    }

    /** A TCP server that is not salvo-perf's: it takes the client's frames and never reports. */
    @Test
    void aClientAgainstAServerThatNeverReportsSaysSo() throws Exception {
        try (ServerSocket sink = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread drain = Thread.ofPlatform().start(() -> {
                try (var s = sink.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    // the client went away
                }
            });
            int code = SalvoPerf.execute("client", "--protocol", "tcp", "--host", "127.0.0.1:" + sink.getLocalPort(),
                    "--duration", "0.3", "--rate", "1000", "--json");
            sink.close();
            drain.join(60_000);
            assertThat(code).isEqualTo(2);
            assertThat(stderr()).contains("no report from 127.0.0.1:" + sink.getLocalPort(),
                    "is it salvo-perf server --protocol tcp?");
        }
    }
}
