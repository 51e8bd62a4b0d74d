package io.salvo.bench.tcp;

import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks that make a run fail loudly when bytes go wrong: a reply unlike its request, a frame out of sequence. */
class FrameChecksTest {

    @Test
    void pingRefusesAReplyThatDiffersFromTheRequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, SalvoTcpSystem.loopback().getAddress())) {
            Thread echo = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] frame = new byte[Frames.HEADER + 64];
                    for (int i = 0; ; i++) {
                        in.readFully(frame);
                        if (i == 3) {
                            frame[frame.length - 1] ^= 1; // one bit of the fourth reply flipped
                        }
                        s.getOutputStream().write(frame);
                    }
                } catch (IOException done) {
                    // the client gave up
                }
            });
            try (TcpTransport client = TcpTransport.connect((InetSocketAddress) server.getLocalSocketAddress(),
                    Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> SalvoTcpSystem.ping(client, Flavour.BLOCK, 64, new RoundTrips(0, 10, 5_000_000_000L)))
                        .isInstanceOf(IllegalStateException.class).hasMessage("reply 3 differs from the request");
            }
            echo.join(5_000);
        }
    }

    @Test
    void receiverRefusesAFrameOutOfSequence() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, SalvoTcpSystem.loopback().getAddress())) {
            Thread sender = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept()) {
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    for (long sequence : new long[] {0, 1, 2, 4}) {
                        out.writeInt(16);
                        out.writeLong(sequence);
                        out.writeLong(0);
                    }
                    out.flush();
                    Thread.sleep(1_000);
                } catch (IOException | InterruptedException done) {
                    // the receiver gave up
                }
            });
            try (TcpTransport receiver = TcpTransport.connect((InetSocketAddress) server.getLocalSocketAddress(),
                    Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> SalvoTcpSystem.receive(receiver, 16, new OneWayWindow.Progress(), new AtomicBoolean(true)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("frame 3 damaged").hasMessageContaining("sequence 4");
            }
            sender.join(5_000);
        }
    }
}
