package io.salvo;

import io.salvo.packet.PacketBatch;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README's quick-start example compiling, running, and identical to the README's text. */
class QuickStartTest {

    static List<String> quickStart() throws IOException {
        List<String> printed = new ArrayList<>();
        // README-BEGIN
        try (UdpTransport server = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
             UdpTransport client = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
             PacketBatch out = PacketBatch.allocate(64);
             PacketBatch in = PacketBatch.allocate(64)) {
            for (int i = 0; i < 64; i++) {
                out.add(("hello " + i).getBytes(), server.localAddress());
            }
            int sent = client.sendBatch(out);               // one sendmmsg for all 64
            server.awaitReadable(1_000_000_000L);           // blocks without spinning
            int received = server.recvBatch(in);            // one recvmmsg, never blocks
            for (int i = 0; i < received; i++) {
                printed.add(in.peerAddress(i) + ": " + new String(in.buffer(i).toByteArray()));
            }
        }
        // README-END
        return printed;
    }

    @Test
    void quickStartRunsAndPrintsTheDatagrams() throws IOException {
        List<String> printed = quickStart();
        assertThat(printed).isNotEmpty();
        assertThat(printed.getFirst()).matches("/127\\.0\\.0\\.1:\\d+: hello 0");
    }

    @Test
    void readmeShowsExactlyThisCode() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path readme = Files.exists(here.resolve("README.md")) ? here.resolve("README.md") : here.getParent().resolve("README.md");
        Path source = Path.of("src/test/java/io/salvo/QuickStartTest.java");
        List<String> lines = Files.readAllLines(source);
        List<String> snippet = lines.subList(lines.indexOf("        // README-BEGIN") + 1, lines.indexOf("        // README-END"))
                .stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .map(l -> l.replace("printed.add(", "System.out.println(")).toList();
        String readmeText = Files.readString(readme);
        assertThat(readmeText).contains(String.join("\n", snippet));
    }
}
