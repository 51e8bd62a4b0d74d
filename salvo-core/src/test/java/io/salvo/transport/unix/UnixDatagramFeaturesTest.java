package io.salvo.transport.unix;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixDatagramFeaturesTest {

    @Test
    void sendBatchStopsAtWouldBlockAndResumesWhereItStopped() throws IOException {
        String base = "salvo-wouldblock-" + ProcessHandle.current().pid();
        AbstractUnixSocketAddress bName = new AbstractUnixSocketAddress(base + "-b");
        // Bound, unconnected sockets: the receiver's queue is capped (net.unix.max_dgram_qlen) and pushes back.
        try (UnixDatagramTransport a = UnixDatagramTransport.bind(new AbstractUnixSocketAddress(base + "-a"));
             UnixDatagramTransport b = UnixDatagramTransport.bind(bName);
             PacketBatch out = PacketBatch.allocate(200, 64, 0); PacketBatch in = PacketBatch.allocate(64, 64, 0)) {
            for (int i = 0; i < 200; i++) {
                int slot = out.add(new byte[0], bName);
                out.buffer(slot).writeInt(i);
            }
            int first = a.sendBatch(out);
            assertThat(first).as("the receiver's queue fills").isBetween(1, 199);
            assertThat(out.sendCursor()).isEqualTo(first);
            assertThat(out.sendStatus(first)).isEqualTo(SendStatus.PENDING);
            assertThat(a.stats().events(TransportEvent.SEND_BUFFER_FULL)).isEqualTo(1);
            assertThat(a.stats().drops(DropCause.WOULD_BLOCK)).as("pending slots are not drops").isZero();
            int expected = 0;
            int sent = first;
            long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
            while (expected < 200 && System.nanoTime() < deadline) {
                int n = b.recvBatch(in);
                for (int i = 0; i < n; i++) {
                    assertThat(in.buffer(i).getInt(0)).as("in order, none lost").isEqualTo(expected++);
                }
                if (out.remaining() > 0) {
                    sent += a.sendBatch(out);
                }
            }
            assertThat(sent).isEqualTo(200);
            assertThat(expected).isEqualTo(200);
        }
    }

    @Test
    void filesystemPathSocketsExchangeDatagramsAndReportTheirPaths(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress pa = UnixDomainSocketAddress.of(dir.resolve("a.sock"));
        UnixDomainSocketAddress pb = UnixDomainSocketAddress.of(dir.resolve("b.sock"));
        try (UnixDatagramTransport a = UnixDatagramTransport.bind(pa); UnixDatagramTransport b = UnixDatagramTransport.bind(pb);
             PacketBatch in = PacketBatch.allocate(4)) {
            assertThat(a.send(DatagramBuffer.allocate().writeInt(11), pb)).isEqualTo(SendStatus.SENT);
            assertThat(Await.recvBatch(b, in)).isEqualTo(1);
            assertThat(in.peerAddress(0)).isEqualTo(pa);
            assertThat(in.buffer(0).getInt(0)).isEqualTo(11);
            assertThatThrownBy(() -> UnixDatagramTransport.bind(pa)).isInstanceOf(java.net.BindException.class);
        }
    }

    @Test
    void unboundAndConnectedSocketsWork() throws IOException {
        AbstractUnixSocketAddress name = new AbstractUnixSocketAddress("salvo-features-" + ProcessHandle.current().pid());
        try (UnixDatagramTransport server = UnixDatagramTransport.bind(name);
             UnixDatagramTransport client = UnixDatagramTransport.unbound();
             PacketBatch in = PacketBatch.allocate(2)) {
            client.connect(name);
            assertThat(client.remoteAddress()).isEqualTo(name);
            assertThat(client.send(DatagramBuffer.allocate().writeByte(1))).isEqualTo(SendStatus.SENT);
            assertThat(Await.recvBatch(server, in)).isEqualTo(1);
            assertThat(in.peerAddress(0)).as("an unbound peer has no address").isNull();
        }
    }

    @Test
    void sendingToANameNobodyHoldsIsCountedAsUnreachable() throws IOException {
        try (UnixDatagramTransport a = UnixDatagramTransport.unbound()) {
            SendStatus s = a.send(DatagramBuffer.allocate().writeByte(1), new AbstractUnixSocketAddress("salvo-nobody-here"));
            assertThat(s).isIn(SendStatus.REFUSED, SendStatus.UNREACHABLE);
            assertThat(a.stats().totalDrops()).isEqualTo(1);
        }
    }
}
