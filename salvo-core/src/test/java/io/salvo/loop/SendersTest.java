package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.transport.SendStatus;
import io.salvo.transport.unix.UnixDatagramTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sendSync never waits; send and sendAll wait for room until a deadline. Unix datagram sockets
 * push back when the receiver's queue is full, which makes "not ready" observable on one host.
 */
class SendersTest {

    private static final String BASE = "salvo-senders-" + ProcessHandle.current().pid();

    @Test
    void sendSyncReportsNotReadyAndSendWithDeadlineWaitsForRoom() throws Exception {
        AbstractUnixSocketAddress rxName = new AbstractUnixSocketAddress(BASE + "-rx1");
        try (UnixDatagramTransport rx = UnixDatagramTransport.bind(rxName);
             UnixDatagramTransport tx = UnixDatagramTransport.bind(new AbstractUnixSocketAddress(BASE + "-tx1"));
             PacketBatch in = PacketBatch.allocate(64)) {
            DatagramBuffer d = DatagramBuffer.allocate().writeInt(1);
            SendStatus s = SendStatus.SENT;
            int sent = 0;
            while (s == SendStatus.SENT && sent < 10_000) {
                s = Senders.sendSync(tx, d, rxName);
                sent += s == SendStatus.SENT ? 1 : 0;
            }
            assertThat(s).as("the receiver's queue filled").isEqualTo(SendStatus.WOULD_BLOCK);

            long t0 = System.nanoTime();
            assertThat(Senders.send(tx, d, rxName, Duration.ofMillis(50))).isEqualTo(SendStatus.WOULD_BLOCK);
            assertThat(System.nanoTime() - t0).as("waited until the deadline").isGreaterThanOrEqualTo(45_000_000L);

            Thread drainer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(30);
                    rx.recvBatch(in);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(Senders.send(tx, d, rxName, Duration.ofSeconds(5))).as("room appeared").isEqualTo(SendStatus.SENT);
            drainer.join();
        }
    }

    @Test
    void sendAllPushesAWholeBatchOutUnderBackPressure() throws Exception {
        AbstractUnixSocketAddress rxName = new AbstractUnixSocketAddress(BASE + "-rx2");
        try (UnixDatagramTransport rx = UnixDatagramTransport.bind(rxName);
             UnixDatagramTransport tx = UnixDatagramTransport.bind(new AbstractUnixSocketAddress(BASE + "-tx2"));
             PacketBatch out = PacketBatch.allocate(500, 64, 0)) {
            for (int i = 0; i < 500; i++) {
                int slot = out.add(new byte[0], rxName);
                out.buffer(slot).writeInt(i);
            }
            LoopConfig config = LoopConfig.defaults();
            AtomicInteger expected = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            Thread reader = Thread.ofPlatform().start(() -> ReceiveLoops.readLoop(rx, config, b -> {
                if (b.getInt(0) != expected.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                }
            }));
            assertThat(Senders.sendAll(tx, out, Duration.ofSeconds(10))).isEqualTo(500);
            assertThat(out.remaining()).isZero();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (expected.get() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            config.stop().complete(null);
            reader.join(5000);
            assertThat(expected.get()).isEqualTo(500);
            assertThat(outOfOrder.get()).isZero();
            assertThat(tx.stats().events(io.salvo.transport.TransportEvent.SEND_BUFFER_FULL)).as("it did hit back-pressure")
                    .isPositive();
            assertThat(tx.stats().totalDrops()).as("back-pressure that was retried loses nothing").isZero();
        }
    }
}
