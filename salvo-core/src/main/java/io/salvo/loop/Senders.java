package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The send side: {@link #sendSync} never waits; {@link #send} and {@link #sendAll} wait for room
 * in the socket's send buffer ({@link DatagramTransport#awaitWritable}: {@code poll(2)} on Linux, a
 * bounded back-off for an unconnected Unix datagram socket whose peer is full; never a spin) until
 * a deadline. None of them allocates on native transports.
 */
public final class Senders {

    private Senders() {
    }

    /**
     * Sends now or not at all: {@link SendStatus#WOULD_BLOCK} ("not ready") when the send buffer is
     * full, like {@code Async_udp.sendto_sync}.
     */
    public static SendStatus sendSync(DatagramTransport transport, DatagramBuffer buffer, SocketAddress target)
            throws IOException {
        return transport.send(buffer, target);
    }

    /**
     * Sends, waiting for writability and retrying while the send buffer is full, until sent or the
     * timeout passes ({@link SendStatus#WOULD_BLOCK} then, counted as one
     * {@link io.salvo.transport.DropCause#WOULD_BLOCK} drop). Other outcomes return at once. Each
     * retried full buffer is a {@link io.salvo.transport.TransportEvent#SEND_BUFFER_FULL} event,
     * not a drop.
     */
    public static SendStatus send(DatagramTransport transport, DatagramBuffer buffer, SocketAddress target,
                                  Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SendStatus s = transport.offer(buffer, target);
            long left = deadline - System.nanoTime();
            if (s != SendStatus.WOULD_BLOCK) {
                return s;
            }
            if (left <= 0) {
                return transport.send(buffer, target); // last try: a full buffer now is a counted drop
            }
            transport.awaitWritable(left);
        }
    }

    /**
     * Pushes the whole batch out under back-pressure: {@code sendBatch}, and while slots remain,
     * wait for writability and continue from where it stopped, until done or the timeout passes.
     *
     * @return datagrams sent by this call; the batch's cursor and statuses say where it ended
     */
    public static int sendAll(DatagramTransport transport, PacketBatch batch, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int sent = 0;
        while (true) {
            sent += transport.sendBatch(batch);
            long left = deadline - System.nanoTime();
            if (batch.remaining() == 0 || left <= 0) {
                return sent;
            }
            transport.awaitWritable(left);
        }
    }
}
