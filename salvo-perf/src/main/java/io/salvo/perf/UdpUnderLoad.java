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
import java.util.concurrent.locks.LockSupport;

/**
 * The client of {@code salvo-perf latency --rate}, sockperf's "under load": UDP probes go out on a
 * fixed schedule, probe {@code i} at {@code start + i / rate}, whether or not earlier echoes are
 * back (many in flight), and every echo's round trip is measured from its probe's scheduled send
 * time, not from when it actually left. A client that falls behind (a descheduled thread, a full
 * send buffer) therefore sees the delay in its round trips instead of hiding it by sending later:
 * no coordinated omission. A probe whose echo is not back within the timeout of its scheduled
 * time is lost; an echo that comes later is counted as late and not recorded. One thread sends
 * and receives. Spin: it never sleeps. Block: it waits in {@code awaitReadable} until the next send
 * is due when that is at least a millisecond away ({@code poll(2)} counts whole milliseconds), and
 * in {@code parkNanos} otherwise, so an echo may wait up to one send interval to be read.
 * Allocation-free per probe. The caller closes the batch ({@link #close()}).
 */
final class UdpUnderLoad implements AutoCloseable {

    /** Probes and echoes of one run; {@code sent == replies + lost} once it is over. */
    record Counts(long sent, long replies, long lost, long late, long unexpected, long maxSendLagNanos, long sendNanos,
                  long elapsedNanos) {
    }

    private static final long POLL_GRANULARITY_NANOS = 1_000_000L;
    /** With no echo at all by the time this many probes are past their deadlines, nothing echoes there. */
    static final int GIVE_UP_AFTER = 3;

    private final DatagramTransport socket;
    private final SocketAddress target;
    private final DatagramBuffer out;
    private final PacketBatch in;
    private final int size;
    private final StreamIdle idle;
    private final long periodNanos;
    private final long timeoutNanos;
    /** Whether probe {@code s} (at {@code s & mask}) has had its echo, for the probes in flight. */
    private final boolean[] answered;
    private final int mask;

    /**
     * @param rate         probes per second
     * @param timeoutNanos how long after its scheduled send a probe's echo may come back
     */
    UdpUnderLoad(DatagramTransport socket, SocketAddress target, int size, StreamIdle idle, long rate, long timeoutNanos) {
        this.socket = socket;
        this.target = target;
        this.size = size;
        this.idle = idle;
        this.periodNanos = Math.max(1, 1_000_000_000L / rate);
        this.timeoutNanos = timeoutNanos;
        this.answered = new boolean[ringSize(rate, timeoutNanos)];
        this.mask = answered.length - 1;
        this.out = DatagramBuffer.allocate(size, 0);
        out.writeByte(StreamWire.PING).writeLong(0);
        for (int i = 9; i < size; i++) {
            out.writeByte(i * 31 + 7);
        }
        this.in = PacketBatch.allocate(64, PerfOptions.MAX_UDP_PAYLOAD, 0);
    }

    /** Room for every probe that can be in flight: a timeout's worth at the rate, and a margin for a sender running late. */
    static int ringSize(long rate, long timeoutNanos) {
        long inFlight = (long) Math.ceil(rate * (timeoutNanos / 1e9) * 1.25) + 1024;
        return Integer.highestOneBit((int) Math.min(1 << 26, inFlight)) << 1; // at most 128 Mi flags; the command allows 10 M in flight
    }

    /**
     * Sends {@code warmup + count} probes on the schedule and waits for their echoes or their
     * deadlines; the round trips of the last {@code count} go into {@code into}, and only they are
     * in the counts.
     *
     * @throws EndpointException when none of the first {@link #GIVE_UP_AFTER} probes is echoed
     */
    Counts run(long warmup, long count, Histogram into) throws IOException {
        long total = warmup + count;
        long start = System.nanoTime();
        long next = 0;       // the next probe to send
        long oldest = 0;     // the oldest probe neither answered nor past its deadline
        long replies = 0, lost = 0, late = 0, unexpected = 0, maxLag = 0, lastSend = start;
        boolean anyEcho = false;
        while (oldest < total) {
            long now = System.nanoTime();
            // every probe that is due goes out now, a late one with its original schedule
            while (next < total && now >= start + next * periodNanos && next - oldest < answered.length) {
                out.setLong(1, next);
                SendStatus status = socket.send(out, target);
                if (status == SendStatus.WOULD_BLOCK) {
                    break; // the send buffer is full: try again on the next turn, the lag grows
                }
                // any other failure (refused: nothing listening) leaves the probe unanswered: it is lost at its deadline
                answered[(int) (next & mask)] = false;
                if (next >= warmup) {
                    maxLag = Math.max(maxLag, now - (start + next * periodNanos));
                }
                lastSend = now;
                next++;
                now = System.nanoTime();
            }
            int n = socket.recvBatch(in);
            long arrived = n > 0 ? System.nanoTime() : now;
            for (int i = 0; i < n; i++) {
                DatagramBuffer b = in.buffer(i);
                long s = b.length() >= 9 && b.getByte(0) == StreamWire.PING ? b.getLong(1) : -1;
                if (s < 0 || s >= next) {
                    unexpected++; // not an echo of a probe sent: another sender's datagram
                    continue;
                }
                if (b.length() != size || MemorySegment.mismatch(out.segment(), out.start() + 9, out.end(), b.segment(),
                        b.start() + 9, b.end()) != -1) {
                    throw new IOException("the echo of probe " + s + " differs from what was sent (" + b.length()
                            + " bytes back for " + size + ")");
                }
                if (s < oldest || answered[(int) (s & mask)]) {
                    if (s >= warmup) {
                        late++; // past its deadline (already counted lost), or a duplicate
                    }
                    continue;
                }
                answered[(int) (s & mask)] = true;
                anyEcho = true;
                if (s >= warmup) {
                    replies++;
                    into.recordValue(Math.max(1, arrived - (start + s * periodNanos)));
                }
            }
            // settle the oldest probes: answered, or lost once past their deadline
            while (oldest < next && (answered[(int) (oldest & mask)] || arrived > start + oldest * periodNanos + timeoutNanos)) {
                if (!answered[(int) (oldest & mask)] && oldest >= warmup) {
                    lost++;
                }
                oldest++;
            }
            if (!anyEcho && oldest >= GIVE_UP_AFTER) {
                throw new EndpointException("no echo from " + Addresses.show(target) + " for the first " + oldest
                        + " probes (" + timeoutNanos / 1_000_000 + " ms each): is an echo server running there?");
            }
            if (n == 0) {
                idle(next < total ? start + next * periodNanos : start + oldest * periodNanos + timeoutNanos);
            }
        }
        long firstMeasured = start + warmup * periodNanos;
        return new Counts(count, replies, lost, late, unexpected, maxLag, Math.max(0, lastSend - firstMeasured),
                System.nanoTime() - firstMeasured);
    }

    /** Nothing arrived: wait for an echo until {@code until} (a send or a deadline), or spin. */
    private void idle(long until) throws IOException {
        if (idle == StreamIdle.SPIN) {
            Thread.onSpinWait();
            return;
        }
        long left = until - System.nanoTime();
        if (left >= POLL_GRANULARITY_NANOS) {
            socket.awaitReadable(left - POLL_GRANULARITY_NANOS / 2);
        } else if (left > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
