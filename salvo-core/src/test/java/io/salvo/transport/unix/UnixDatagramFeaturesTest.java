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

    /**
     * Linux reports an unconnected Unix datagram socket writable even while its peer's queue is full,
     * so a sender that waits for writability after each would-block must not turn that into a spin.
     * 3,000 datagrams of 1,500 bytes through {@code Senders.send} to a receiver that starts reading
     * only after a pause: all arrive, none is dropped, and the send calls stay near one per datagram
     * (the spin made about 45 per datagram). A connected sender waits in poll(2) all along.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aSenderWaitingForAFullPeerCostsBoundedSendCalls(boolean connected) throws Exception {
        String base = "salvo-slow-peer-" + ProcessHandle.current().pid() + "-" + connected;
        AbstractUnixSocketAddress rxName = new AbstractUnixSocketAddress(base + "-rx");
        int total = 3_000;
        try (UnixDatagramTransport tx = UnixDatagramTransport.bind(new AbstractUnixSocketAddress(base + "-tx"));
             UnixDatagramTransport rx = UnixDatagramTransport.bind(rxName)) {
            if (connected) {
                tx.connect(rxName);
            }
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger outOfOrder = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = Thread.ofPlatform().name("slow-reader").start(() -> {
                try (PacketBatch in = PacketBatch.allocate(64, 1500, 0)) {
                    Thread.sleep(300); // the sender meets a full queue and has to wait
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (received.get() < total && System.nanoTime() < deadline) {
                        int n = rx.recvBatch(in);
                        for (int i = 0; i < n; i++) {
                            if (in.buffer(i).getInt(0) != received.getAndIncrement()) {
                                outOfOrder.incrementAndGet();
                            }
                        }
                        if (n == 0) {
                            rx.awaitReadable(100_000_000L);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            DatagramBuffer out = DatagramBuffer.allocate(1500, 0);
            for (int i = 0; i < total; i++) {
                out.reset().writeInt(i).writeBytes(new byte[1496]);
                SendStatus s = io.salvo.loop.Senders.send(tx, out, connected ? null : rxName,
                        java.time.Duration.ofSeconds(30));
                assertThat(s).as("datagram %d", i).isEqualTo(SendStatus.SENT);
            }
            reader.join(60_000);
            assertThat(received.get()).isEqualTo(total);
            assertThat(outOfOrder.get()).isZero();
            assertThat(tx.stats().totalDrops()).isZero();
            assertThat(rx.stats().totalDrops()).isZero();
            long calls = tx.stats().sendCalls();
            // One call per datagram plus the retries: a few hundred over the reader's pause (one per back-off
            // step of up to 1 ms), a few per full queue (~10 datagrams) after it. About 3,500 here; 10,000
            // leaves a wide margin for a loaded machine. The spin made 135,000 to 270,000.
            assertThat(calls).as("send calls for %d datagrams", total).isLessThan(10_000L);
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
