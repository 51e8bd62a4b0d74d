package io.salvo.bench.poller;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one small payload to the sockets of a traffic pattern in turn, {@code burst} destinations
 * per {@code multiTargetSend} (one {@code sendmmsg}), paced to a rate. A full send buffer is
 * waited out, so every datagram of the schedule is sent.
 */
final class TrafficSender implements AutoCloseable {

    private final UdpTransport socket;
    private final DatagramBuffer payload;
    /** Where the last call stopped in its targets, so consecutive windows continue the cycle. */
    private InetSocketAddress[] lastTargets;
    private int cursor;

    TrafficSender(int payloadBytes) throws IOException {
        this.socket = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).sendBufferSize(4 << 20).build());
        this.payload = DatagramBuffer.allocate(Math.max(8, payloadBytes), 0);
        payload.writeLong(0x5A17_0B0B_5A17_0B0BL);
        while (payload.length() < payloadBytes) {
            payload.writeByte(0);
        }
    }

    /**
     * Sends for {@code seconds} at {@code rate} datagrams per second (0: as fast as the socket takes
     * them), cycling over {@code targets}; with {@code seconds} NaN, once to each target.
     *
     * @return datagrams sent
     */
    long run(InetSocketAddress[] targets, int burst, int rate, double seconds) throws IOException {
        SocketAddress[] chunk = new SocketAddress[burst];
        long interval = rate > 0 ? Math.round(burst * 1e9 / rate) : 0;
        boolean once = Double.isNaN(seconds);
        long start = System.nanoTime();
        long end = once ? Long.MAX_VALUE : start + (long) (seconds * 1e9);
        long next = start;
        long sent = 0;
        if (targets != lastTargets || once) {
            lastTargets = targets;
            cursor = 0;
        }
        while (once ? sent < targets.length : System.nanoTime() < end) {
            if (once) {
                burst = (int) Math.min(burst, targets.length - sent);
                chunk = chunk.length == burst ? chunk : new SocketAddress[burst];
            }
            for (int i = 0; i < burst; i++) {
                chunk[i] = targets[cursor];
                cursor = cursor + 1 == targets.length ? 0 : cursor + 1;
            }
            int done = socket.multiTargetSend(payload, chunk);
            while (done < burst) {
                LockSupport.parkNanos(20_000); // the send buffer is full: let the kernel drain it
                done += socket.multiTargetSend(payload, Arrays.copyOfRange(chunk, done, burst));
            }
            sent += burst;
            if (interval > 0) {
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        return sent;
    }

    /** Sends one datagram to each target, {@code burst} per call, paced to {@code rate}; returns how many. */
    long sendEach(InetSocketAddress[] targets, int burst, int rate) throws IOException {
        return run(targets, burst, rate, Double.NaN);
    }

    @Override
    public void close() {
        socket.close();
    }
}
