package io.salvo.bench.udplatency;

import io.salvo.bench.GccBuild;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A broken echo fails a run instead of producing a number: the Salvo, NIO and C clients each meet
 * an echo that answers its first probes faithfully and then flips one byte of probe 5.
 */
class BrokenEchoTest {

    /** Echoes every datagram back, except that the 6th gets its last byte flipped. */
    private static Thread brokenEcho(DatagramSocket socket) {
        return Thread.ofPlatform().start(() -> {
            DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
            try {
                for (int n = 0; ; n++) {
                    p.setLength(65_536);
                    socket.receive(p);
                    if (n == 5) {
                        p.getData()[p.getLength() - 1] ^= 1;
                    }
                    socket.send(p);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    private static RoundTripClock clock() {
        return new RoundTripClock(0, 100, 10_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void salvoClientFailsOnAChangedByte(Flavour flavour) throws Exception {
        assumeTrue(SalvoUdpSystem.unavailableReason() == null, "native UDP");
        try (DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             UdpTransport client = UdpTransport.bind(SalvoUdpSystem.loopback(),
                     UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build())) {
            Thread t = brokenEcho(echo);
            client.connect((InetSocketAddress) echo.getLocalSocketAddress());
            assertThatThrownBy(() -> SalvoUdpSystem.ping(client, flavour, 64, clock()))
                    .hasMessageContaining("echo 5 differs from the probe");
            echo.close();
            t.join(10_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void nioClientFailsOnAChangedByte(Flavour flavour) throws Exception {
        try (DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramChannel client = DatagramChannel.open().bind(SalvoUdpSystem.loopback())) {
            Thread t = brokenEcho(echo);
            client.connect(echo.getLocalSocketAddress()).configureBlocking(flavour == Flavour.BLOCK);
            assertThatThrownBy(() -> NioUdpSystem.ping(client, 64, clock())).hasMessageContaining("echo 5 differs from the probe");
            echo.close();
            t.join(10_000);
        }
    }

    @Test
    void cClientFailsOnAChangedByte() throws Exception {
        Path program;
        try {
            program = GccBuild.compile(CUdpSystem.class, "udplatency.c", "udplatency");
        } catch (IOException noGcc) {
            assumeTrue(false, "gcc: " + noGcc.getMessage());
            return;
        }
        Path samples = Files.createTempFile("rtt-", ".bin");
        try (DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread t = brokenEcho(echo);
            Process ping = new ProcessBuilder(program.toString(), "ping", Integer.toString(echo.getLocalPort()), "block", "64", "0",
                    "100", "10000", samples.toString()).redirectErrorStream(true).start();
            String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ping.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ping.exitValue()).isEqualTo(1);
            assertThat(output).contains("echo 5 differs from the probe").doesNotContain("ok ");
            echo.close();
            t.join(10_000);
        } finally {
            Files.deleteIfExists(samples);
        }
    }
}
