package io.salvo.transport;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The one contract every Salvo datagram transport implements: native UDP, Unix datagram, the NIO
 * fallback and the in-memory loopback.
 *
 * <p><b>Blocking.</b> No method blocks: sends report a full socket buffer as
 * {@link SendStatus#WOULD_BLOCK}, receives report "nothing there" as {@code null} or 0. Waiting is
 * the job of the loops and idle strategies built on top.
 *
 * <p><b>Outcomes and exceptions.</b> Would-block and per-destination failures (refused,
 * unreachable, too large) are values, counted in {@link #stats()}. Exceptions mean the transport
 * itself is unusable: {@link java.nio.channels.ClosedChannelException} once closed, another
 * {@link IOException} for a broken socket. Misuse (a closed batch, a heap buffer) throws an
 * unchecked exception.
 *
 * <p><b>Threads.</b> One thread may send while another receives. Two threads must not send at
 * once, nor receive at once. {@link #stats()}, {@link #capabilities()}, {@link #localAddress()},
 * {@link #isOpen()} and {@link #close()} may be called from any thread at any time; closing while
 * another thread is inside a call is safe: that call ends promptly with
 * {@code ClosedChannelException} or its result, never touches freed memory, never sees another
 * socket's data.
 *
 * <p><b>Buffers.</b> Buffers and batches are lent for the duration of a call and belong to the
 * caller again when it returns; transports keep no reference to them.
 */
public interface DatagramTransport extends AutoCloseable {

    /**
     * Sends the payload of {@code buffer} as one datagram to {@code target} ({@code null} on a
     * connected transport sends to its peer). The buffer's window is left as it was.
     * Allocation-free on native transports.
     *
     * @return {@link SendStatus#SENT}, {@link SendStatus#WOULD_BLOCK} when the send buffer is full
     *         (nothing sent, counted), or the per-destination failure (counted)
     * @throws java.nio.channels.ClosedChannelException if the transport is closed
     * @throws IOException if the socket is broken
     */
    SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException;

    /** Sends to the connected peer; see {@link #send(DatagramBuffer, SocketAddress)}. */
    default SendStatus send(DatagramBuffer buffer) throws IOException {
        return send(buffer, null);
    }

    /**
     * Like {@link #send(DatagramBuffer, SocketAddress)}, for a caller that retries: a full send
     * buffer returns {@link SendStatus#WOULD_BLOCK} and counts a
     * {@link TransportEvent#SEND_BUFFER_FULL} event, not a drop, because the datagram is still the
     * caller's. Other outcomes are counted as {@code send} counts them. {@code Senders.send} retries
     * through this method.
     */
    SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException;

    /**
     * Sends the batch's slots from {@link PacketBatch#sendCursor()} up to {@link PacketBatch#count()}
     * in as few system calls as the kernel allows, each slot to its own peer address (or the
     * connected peer). Each attempted slot gets a {@link SendStatus}; a slot that fails for its
     * destination is counted and skipped, and the batch goes on. On a full send buffer it stops,
     * leaves the cursor at the first unsent slot (status {@link SendStatus#PENDING}), counts one
     * {@link TransportEvent#SEND_BUFFER_FULL} event (not a drop: the slots are still the caller's)
     * and returns: call again to continue. Allocation-free on native transports.
     *
     * @return how many datagrams were sent by this call
     * @throws java.nio.channels.ClosedChannelException if the transport is closed
     * @throws IOException if the socket is broken
     */
    int sendBatch(PacketBatch batch) throws IOException;

    /**
     * Receives one datagram if one is waiting. The buffer is reset, then the datagram is written
     * after its headroom; a datagram longer than the buffer's capacity is cut short and counted as
     * {@link DropCause#TRUNCATED}. Allocates the returned address (use {@link #recvBatch} for the
     * allocation-free path).
     *
     * @return the sender's address, or {@code null} when nothing is waiting (buffer then empty)
     * @throws java.nio.channels.ClosedChannelException if the transport is closed
     */
    SocketAddress recv(DatagramBuffer buffer) throws IOException;

    /**
     * Receives as many waiting datagrams as fit in the batch, in as few system calls as the
     * kernel allows (one {@code recvmmsg} on native transports). Slots {@code 0..n-1} are reset
     * and filled with payload and metadata; {@link PacketBatch#count()} becomes {@code n}.
     * Datagrams the transport {@link #holdsReceivedDatagrams() holds} come first, without a system
     * call. Allocation-free on native transports.
     *
     * @return how many datagrams arrived; 0 when none was waiting
     * @throws java.nio.channels.ClosedChannelException if the transport is closed
     */
    default int recvBatch(PacketBatch batch) throws IOException {
        return recvBatch(batch, 0);
    }

    /**
     * Receives into slots {@code fromSlot..} of the batch, keeping slots {@code 0..fromSlot-1} as
     * they are: how a caller fills a batch over several calls (see {@code ReceiveLoops.recvExact}).
     * {@link PacketBatch#count()} becomes {@code fromSlot + n}.
     *
     * @return how many datagrams arrived in this call
     */
    default int recvBatch(PacketBatch batch, int fromSlot) throws IOException {
        return recvBatch(batch, fromSlot, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #recvBatch(PacketBatch, int)}, receiving at most {@code maxCount} datagrams.
     *
     * @throws IndexOutOfBoundsException if {@code fromSlot} is not a slot of the batch
     * @throws IllegalArgumentException  if {@code maxCount < 1}
     */
    int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws IOException;

    /**
     * Like {@link #recvBatch(PacketBatch)} but without source addresses (peer addresses read as
     * null), which spares the kernel copying them; transports that cannot skip them just receive.
     */
    default int recvBatchWithoutSources(PacketBatch batch) throws IOException {
        return recvBatchWithoutSources(batch, 0, Integer.MAX_VALUE);
    }

    /** {@link #recvBatch(PacketBatch, int, int)} without source addresses; see {@link #recvBatchWithoutSources(PacketBatch)}. */
    default int recvBatchWithoutSources(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return recvBatch(batch, fromSlot, maxCount);
    }

    /**
     * Whether this transport holds received datagrams it has not yet delivered: datagrams it took
     * from the kernel and keeps for the next receive (the rest of a GRO super-buffer that did not
     * fit the batch), or, for the loopback, its receive queue. Readiness includes them: while this
     * is true, {@link #awaitReadable} returns at once, the {@code Poller} services the transport
     * before it blocks, and the next receive returns at least one of them without a system call,
     * whichever batch (or {@link #recv} buffer) it uses. Datagrams still in the kernel's queue do
     * not count (waiting in the kernel sees those); neither do datagrams already in a batch's slots.
     *
     * <p>Held GRO datagrams live in the batch that received their super-buffer: closing that batch,
     * or receiving into it from another transport, before they are delivered loses them, counted
     * as {@link DropCause#UNDELIVERED}. {@link PacketBatch#clear()} keeps them.
     *
     * <p>Non-blocking, allocation-free; false once closed. Meant for the receiving thread: another
     * thread may see a stale answer. The NIO fallback and transports without GRO hold nothing.
     */
    boolean holdsReceivedDatagrams();

    /**
     * Waits until a receive would find a datagram, or the timeout passes. Returns at once while the
     * transport {@link #holdsReceivedDatagrams() holds received datagrams}; otherwise blocks the
     * calling thread without burning CPU on native transports ({@code poll(2)}) and the NIO
     * fallback (a selector); the loopback transport, which has no kernel object to wait on, parks
     * briefly and returns. Returns early, with {@code true}, when the transport is closed, so the
     * caller's next call throws {@link java.nio.channels.ClosedChannelException}. Allocation-free
     * on native transports.
     *
     * @return true if the transport is (probably) readable, false on timeout
     */
    default boolean awaitReadable(long timeoutNanos) throws IOException {
        if (holdsReceivedDatagrams()) {
            return true;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, 50_000));
        return true;
    }

    /**
     * Like {@link #awaitReadable(long)}, for room in the send buffer: {@code poll(2)} on native
     * transports, a selector on the NIO fallback. One exception: an unconnected Unix datagram
     * socket, which the kernel reports writable even while its peer's queue is full, backs off
     * (parks from 50 µs up to 1 ms per call) after a send met a full buffer; see
     * {@code UnixDatagramTransport}.
     */
    default boolean awaitWritable(long timeoutNanos) throws IOException {
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, 50_000));
        return true;
    }

    /** What this transport can do; probed once at open. */
    Capabilities capabilities();

    /** A snapshot of the counters; see {@link SocketStats}. */
    SocketStats stats();

    /** The bound local address, or null if unbound. */
    SocketAddress localAddress();

    /** False once {@link #close()} has been called. */
    boolean isOpen();

    /**
     * Closes the transport. Idempotent, never throws. Threads inside a call end promptly; the
     * socket and native memory are released once the last of them has left.
     */
    @Override
    void close();
}
