package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

/**
 * Round-trip latency: one datagram out, wait (spinning) for its echo, record, repeat. Each probe
 * carries the PING type byte and a sequence number so a late echo of an earlier probe is never taken for the current one.
 */
final class RttProbe {

    /** A probe: the PING type byte, a sequence number, the send time. */
    static final int PROBE_BYTES = 17;

    private RttProbe() {
    }

    /** Echoes every datagram back to its sender until the transport closes. Runs on its own thread. */
    static Runnable echo(DatagramTransport transport, int capacity) {
        return () -> {
            try (PacketBatch in = PacketBatch.allocate(16, capacity, 0)) {
                while (true) {
                    int n = transport.recvBatch(in);
                    if (n == 0) {
                        transport.awaitReadable(50_000_000);
                        continue;
                    }
                    in.setCount(n);
                    while (in.remaining() > 0) {
                        transport.sendBatch(in);
                    }
                }
            } catch (ClosedChannelException closed) {
                // normal end
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** The figures the report shows; percentiles are NaN without samples. */
    static PerfResult.Rtt summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new PerfResult.Rtt(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new PerfResult.Rtt(h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3);
    }

    /**
     * Measures round trips to {@code echoAddress} for about {@code nanos} (at most {@code maxProbes}).
     * A probe unanswered within 100 ms is counted as lost and the next one goes out.
     *
     * @return the histogram of round-trip times in nanoseconds
     */
    static Histogram measure(DatagramTransport client, SocketAddress echoAddress, int size, long nanos, int maxProbes)
            throws IOException {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        int length = Math.max(size, PROBE_BYTES);
        DatagramBuffer out = DatagramBuffer.allocate(length, 0);
        DatagramBuffer in = DatagramBuffer.allocate(length, 0);
        out.writeBytes(new byte[length]).setByte(0, Wire.PING);
        long end = System.nanoTime() + nanos;
        for (long seq = 0; seq < maxProbes && System.nanoTime() < end; seq++) {
            long sentAt = System.nanoTime();
            out.setLong(1, seq).setLong(9, sentAt);
            if (client.send(out, echoAddress) != SendStatus.SENT) {
                continue;
            }
            long giveUp = sentAt + 100_000_000L;
            while (System.nanoTime() < giveUp) {
                if (client.recv(in) != null && in.length() >= PROBE_BYTES && in.getByte(0) == Wire.PING
                        && in.getLong(1) == seq) {
                    h.recordValue(Math.max(1, System.nanoTime() - in.getLong(9)));
                    break;
                }
            }
        }
        return h;
    }
}
