package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.perf.stream.StreamWire;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * The client side of a UDP ping-pong against any echo server: one datagram out, wait for the
 * datagram that comes back with its sequence number, check every byte, record the round trip. A
 * probe is {@link StreamWire#PING}, a sequence number, then filler, so {@code salvo-perf server}
 * echoes it too. A probe unanswered within the timeout is counted and the next one goes out; an
 * echo of an earlier probe that arrives late is ignored. Allocation-free per round trip. The
 * caller closes the batch ({@link #close()}).
 */
final class UdpPing implements AutoCloseable {

    /** After this many unanswered probes in a row, the peer is taken for gone. */
    static final int GIVE_UP_AFTER = 3;

    private final DatagramTransport socket;
    private final SocketAddress target;
    private final DatagramBuffer out;
    private final PacketBatch in;
    private final int size;
    private final StreamIdle idle;
    private final long timeoutNanos;
    private long sequence;
    private long timeouts;
    private long answered;

    UdpPing(DatagramTransport socket, SocketAddress target, int size, StreamIdle idle, long timeoutNanos) {
        this.socket = socket;
        this.target = target;
        this.size = size;
        this.idle = idle;
        this.timeoutNanos = timeoutNanos;
        this.out = DatagramBuffer.allocate(size, 0);
        out.writeByte(StreamWire.PING).writeLong(0);
        for (int i = 9; i < size; i++) {
            out.writeByte(i * 31 + 7);
        }
        this.in = PacketBatch.allocate(8, PerfOptions.MAX_UDP_PAYLOAD, 0);
    }

    /**
     * {@code count} round trips, recorded into {@code into} when it is not null.
     *
     * @throws EndpointException after {@link #GIVE_UP_AFTER} unanswered probes in a row
     */
    void run(long count, Histogram into) throws IOException {
        int unansweredInARow = 0;
        for (long i = 0; i < count; i++) {
            long rtt = once();
            if (rtt < 0) {
                timeouts++;
                if (++unansweredInARow >= GIVE_UP_AFTER) {
                    throw new EndpointException((answered == 0 ? "no echo from " : "peer gone: no echo from ") + Addresses.show(target)
                            + " for " + GIVE_UP_AFTER + " probes in a row (" + timeoutNanos / 1_000_000 + " ms each)"
                            + (answered == 0 ? ": is an echo server running there?" : " after " + answered + " round trips"));
                }
                continue;
            }
            unansweredInARow = 0;
            answered++;
            if (into != null) {
                into.recordValue(Math.max(1, rtt));
            }
        }
    }

    /** One probe: its round-trip time in nanoseconds, or -1 if unanswered within the timeout. */
    private long once() throws IOException {
        long seq = sequence++;
        out.setLong(1, seq);
        long t0 = System.nanoTime();
        if (socket.send(out, target) != SendStatus.SENT) {
            return -1;
        }
        long giveUp = t0 + timeoutNanos;
        while (true) {
            int n = socket.recvBatch(in);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                DatagramBuffer b = in.buffer(i);
                if (b.length() >= 9 && b.getByte(0) == StreamWire.PING && b.getLong(1) == seq) {
                    if (b.length() != size || MemorySegment.mismatch(out.segment(), out.start(), out.end(),
                            b.segment(), b.start(), b.end()) != -1) {
                        throw new IOException("the echo of probe " + seq + " differs from what was sent (" + b.length()
                                + " bytes back for " + size + ")");
                    }
                    return t1 - t0;
                }
                // else a late echo of an earlier probe, or a stranger's datagram
            }
            if (n > 0) {
                continue;
            }
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            if (idle == StreamIdle.BLOCK) {
                socket.awaitReadable(left);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Probes that went unanswered within the timeout. */
    long timeouts() {
        return timeouts;
    }

    @Override
    public void close() {
        in.close();
    }
}
