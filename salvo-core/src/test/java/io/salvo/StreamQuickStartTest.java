package io.salvo;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README's byte-stream example compiling, running, and identical to the README's text. */
class StreamQuickStartTest {

    static List<String> quickStart() throws IOException {
        List<String> printed = new ArrayList<>();
        // README-BEGIN
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
             TcpTransport client = TcpTransport.connect(listener.localAddress(), Duration.ofSeconds(1))) {
            listener.awaitAcceptable(1_000_000_000L);
            try (TcpTransport server = listener.accept()) {           // never blocks; null when none waits
                DatagramBuffer out = DatagramBuffer.allocate(4096, 0).writeInt(5).writeBytes("hello".getBytes());
                while (!out.isEmpty()) {                               // write advances past what the kernel took
                    if (client.write(out) == 0) {
                        client.awaitWritable(1_000_000_000L);
                    }
                }
                DatagramBuffer in = DatagramBuffer.allocate(4096, 0);
                while (in.length() < 9 && server.awaitReadable(1_000_000_000L)) {
                    if (server.read(in) < 0) {                         // reads append; -1 at end of stream
                        break;
                    }
                }
                printed.add(in.getInt(0) + " bytes: " + new String(in.toByteArray(), 4, in.getInt(0)));
            }
        }
        // README-END
        return printed;
    }

    @Test
    void quickStartRunsAndPrintsTheMessage() throws IOException {
        assertThat(quickStart()).containsExactly("5 bytes: hello");
    }

    @Test
    void readmeShowsExactlyThisCode() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path readme = Files.exists(here.resolve("README.md")) ? here.resolve("README.md") : here.getParent().resolve("README.md");
        List<String> lines = Files.readAllLines(Path.of("src/test/java/io/salvo/StreamQuickStartTest.java"));
        List<String> snippet = lines.subList(lines.indexOf("        // README-BEGIN") + 1, lines.indexOf("        // README-END"))
                .stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .map(l -> l.replace("printed.add(", "System.out.println(")).toList();
        assertThat(Files.readString(readme)).contains(String.join("\n", snippet));
    }
}
