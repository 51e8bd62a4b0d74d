package io.salvo.transport.udp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Without native access, UdpTransport falls back to NIO, works, and says once why and how to enable the native path. */
class FallbackTest {

    /** Entry point of the child JVM: opens a pair, moves a datagram, prints the kind. */
    public static void main(String[] args) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpTransport a = UdpTransport.bind(any); UdpTransport b = UdpTransport.bind(any)) {
            a.send(io.salvo.buffer.DatagramBuffer.allocate().writeInt(42), b.localAddress());
            io.salvo.buffer.DatagramBuffer in = io.salvo.buffer.DatagramBuffer.allocate();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (b.recv(in) == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            System.out.println("kind=" + a.capabilities().kind() + " got=" + in.getInt(0));
        }
    }

    @Test
    void withoutNativeAccessTheNioFallbackIsUsedAndLoggedOnce() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FallbackTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("kind=nio-udp got=42");
        assertThat(out).contains("--enable-native-access=ALL-UNNAMED");
        assertThat(out.split("DatagramChannel fallback", -1)).as("logged exactly once").hasSize(2);
    }
}
