package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.SendStatus;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Salvo's native UDP transport ({@code recvmmsg}/{@code sendmsg} through FFM) on both ends, default
 * options. The client is connected to the echo, sends with {@code send} and receives with
 * {@code recvBatchWithoutSources} (it knows its one peer); the echo receives with {@code recvBatch}. Spin: a {@code recvBatch} that returns 0 is retried at once. Block: the side
 * waits in {@code awaitReadable} ({@code poll(2)}) and then receives, since Salvo's receives never
 * block. The echo server returns each batch with {@code sendBatch}, to the slots' own senders.
 * Nothing on these paths allocates.
 */
final class SalvoUdpSystem implements LatencySystem {

    private static final UdpOptions OPTIONS = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build();
    /**
     * The echo's batch. One datagram is all a ping-pong brings, and a larger batch costs the kernel
     * another (failing) dequeue per call: {@code recvmmsg} with MSG_DONTWAIT tries every slot.
     */
    private static final int ECHO_BATCH = 1;
    /** How often a spinning client looks at the clock for a missing echo. */
    private static final int CHECK_EVERY = 4096;

    /** Whether native UDP opens here; null when it does, else why not. */
    static String unavailableReason() {
        try (UdpTransport probe = UdpTransport.bind(loopback(), OPTIONS)) {
            return null;
        } catch (UnsupportedOperationException | IOException e) {
            return "native UDP unavailable: " + e.getMessage();
        }
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public String name() {
        return "salvo";
    }

    @Override
    public Kind kind() {
        return Kind.SALVO;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception {
        AtomicReference<Throwable> echoFailure = new AtomicReference<>();
        try (UdpTransport server = UdpTransport.bind(loopback(), OPTIONS);
             UdpTransport client = UdpTransport.bind(loopback(), OPTIONS);
             Watchdog watchdog = new Watchdog(clock.budgetNanos(), client, server)) {
            client.connect(server.localAddress());
            Thread echo = Thread.ofPlatform().name("salvo-udp-echo").start(() -> {
                try {
                    echo(server, flavour);
                } catch (ClosedChannelException stopped) {
                    // the run is over
                } catch (Throwable e) {
                    echoFailure.set(e);
                }
            });
            try {
                return ping(client, flavour, size, clock);
            } finally {
                server.close(); // ends the echo's wait or spin: its next call throws ClosedChannelException
                echo.join(10_000);
                if (echoFailure.get() != null) {
                    throw new IllegalStateException("the echo failed", echoFailure.get());
                }
            }
        }
    }

    static LatencyRun ping(UdpTransport t, Flavour flavour, int size, RoundTripClock clock) throws IOException {
        DatagramBuffer out = DatagramBuffer.allocate(size, 0);
        out.writeLong(0);
        for (int i = Probe.MIN_SIZE; i < size; i++) {
            out.writeByte(Probe.pattern(i));
        }
        try (PacketBatch in = PacketBatch.allocate(1, Probe.RECEIVE_CAPACITY, 0)) {
            while (clock.more()) {
                long sequence = clock.sequence();
                out.setLong(0, sequence);
                long t0 = System.nanoTime();
                if (t.send(out) != SendStatus.SENT) {
                    throw new IllegalStateException("probe " + sequence + " not sent: " + t.stats());
                }
                receiveOne(t, in, flavour, sequence, t0);
                long t1 = System.nanoTime();
                DatagramBuffer echo = in.buffer(0);
                if (echo.length() != size
                        || MemorySegment.mismatch(out.segment(), out.start(), out.end(), echo.segment(), echo.start(), echo.end()) != -1) {
                    throw Probe.differs(sequence, echo.length(), size);
                }
                clock.record(t1 - t0);
            }
        }
        return clock.result();
    }

    /** Receives the one datagram in flight, spinning or waiting in poll(2); fails after a second without it. */
    private static void receiveOne(UdpTransport t, PacketBatch in, Flavour flavour, long sequence, long sentAt) throws IOException {
        if (flavour == Flavour.BLOCK) {
            // the echo is never back before the send returns: wait first, then one receive
            while (true) {
                if (t.awaitReadable(Probe.ECHO_TIMEOUT_NANOS) && t.recvBatchWithoutSources(in) > 0) {
                    return;
                }
                if (System.nanoTime() - sentAt > Probe.ECHO_TIMEOUT_NANOS) {
                    throw Probe.missing(sequence);
                }
            }
        }
        for (int tries = 1; t.recvBatchWithoutSources(in) == 0; tries++) {
            if (tries % CHECK_EVERY == 0 && System.nanoTime() - sentAt > Probe.ECHO_TIMEOUT_NANOS) {
                throw Probe.missing(sequence);
            }
            Thread.onSpinWait();
        }
    }

    /** Every datagram back to its sender, until the transport is closed. */
    private static void echo(UdpTransport t, Flavour flavour) throws IOException {
        try (PacketBatch batch = PacketBatch.allocate(ECHO_BATCH, Probe.RECEIVE_CAPACITY, 0)) {
            while (true) {
                if (flavour == Flavour.BLOCK) {
                    t.awaitReadable(100_000_000L);
                }
                int n = t.recvBatch(batch);
                if (n == 0) {
                    Thread.onSpinWait();
                    continue;
                }
                // a receive rewinds the send cursor, and the slots keep their senders' addresses: sendBatch returns each
                while (batch.remaining() > 0) {
                    if (t.sendBatch(batch) == 0) {
                        t.awaitWritable(1_000_000L);
                    }
                }
            }
        }
    }
}
