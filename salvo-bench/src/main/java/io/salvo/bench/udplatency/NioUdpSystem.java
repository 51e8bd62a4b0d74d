package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDK's {@link DatagramChannel} on both ends, direct buffers. The client is connected
 * ({@code write}/{@code read}); the echo uses {@code receive}/{@code send}. Spin: non-blocking
 * channels, an empty read retried at once. Block: blocking channels (a platform thread sleeps in
 * the kernel's {@code recvfrom}).
 */
final class NioUdpSystem implements LatencySystem {

    private static final int CHECK_EVERY = 4096;

    @Override
    public String name() {
        return "jdk-nio";
    }

    @Override
    public Kind kind() {
        return Kind.JAVA_PEER;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception {
        AtomicReference<Throwable> echoFailure = new AtomicReference<>();
        boolean blocking = flavour == Flavour.BLOCK;
        try (DatagramChannel server = DatagramChannel.open().bind(SalvoUdpSystem.loopback());
             DatagramChannel client = DatagramChannel.open().bind(SalvoUdpSystem.loopback());
             Watchdog watchdog = new Watchdog(clock.budgetNanos(), client, server)) {
            server.configureBlocking(blocking);
            client.connect(server.getLocalAddress()).configureBlocking(blocking);
            Thread echo = Thread.ofPlatform().name("nio-udp-echo").start(() -> {
                try {
                    echo(server);
                } catch (ClosedChannelException stopped) {
                    // the run is over (AsynchronousCloseException is one too)
                } catch (Throwable e) {
                    echoFailure.set(e);
                }
            });
            try {
                return ping(client, size, clock);
            } finally {
                server.close();
                echo.join(10_000);
                if (echoFailure.get() != null) {
                    throw new IllegalStateException("the echo failed", echoFailure.get());
                }
            }
        }
    }

    static LatencyRun ping(DatagramChannel ch, int size, RoundTripClock clock) throws IOException {
        ByteBuffer out = Probe.fill(ByteBuffer.allocateDirect(size), size);
        ByteBuffer in = ByteBuffer.allocateDirect(Probe.RECEIVE_CAPACITY);
        while (clock.more()) {
            long sequence = clock.sequence();
            out.putLong(0, sequence).clear();
            in.clear();
            long t0 = System.nanoTime();
            if (ch.write(out) != size) {
                throw new IllegalStateException("probe " + sequence + " not sent");
            }
            for (int tries = 1; ch.read(in) == 0; tries++) { // 0: nothing yet (non-blocking)
                if (tries % CHECK_EVERY == 0 && System.nanoTime() - t0 > Probe.ECHO_TIMEOUT_NANOS) {
                    throw Probe.missing(sequence);
                }
                Thread.onSpinWait();
            }
            long t1 = System.nanoTime();
            in.flip();
            if (in.remaining() != size || in.mismatch(out.clear()) != -1) {
                throw Probe.differs(sequence, in.remaining(), size);
            }
            clock.record(t1 - t0);
        }
        return clock.result();
    }

    private static void echo(DatagramChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(Probe.RECEIVE_CAPACITY);
        while (true) {
            b.clear();
            SocketAddress from = ch.receive(b);
            if (from == null) {
                Thread.onSpinWait();
                continue;
            }
            b.flip();
            while (ch.send(b, from) == 0) { // 0: a full send buffer (non-blocking)
                Thread.onSpinWait();
            }
        }
    }
}
