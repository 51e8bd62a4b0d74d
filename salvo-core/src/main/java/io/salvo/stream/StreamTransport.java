package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * One byte-stream connection (TCP, or a Unix stream socket): the stream counterpart of
 * {@link io.salvo.transport.DatagramTransport}, with the same rules.
 *
 * <p><b>Blocking.</b> No method blocks except the {@code await} waits: {@code read} returns 0 when
 * nothing is waiting, {@code write} returns how much the kernel took (possibly 0 when its send
 * buffer is full). Waiting is the job of {@link #awaitReadable}/{@link #awaitWritable} (in
 * {@code poll(2)} on native transports: no spinning), the loops and the Poller.
 *
 * <p><b>Buffers.</b> Reads append at the buffer's {@link DatagramBuffer#end() end}, into its
 * tailroom, so a caller can gather a frame over several reads without copying; writes take bytes
 * from the buffer's payload and {@link DatagramBuffer#advance advance} its window past what the
 * kernel took, so what is left is exactly the unwritten part (partial-write accounting is the
 * buffer itself). Buffers are lent for the call and belong to the caller again when it returns.
 *
 * <p><b>Outcomes.</b> End of stream (the peer shut down its output) is the return value -1 of
 * {@code read}. A dead connection throws a precise type, counted in {@link #stats()}:
 * {@link ConnectionResetException} (the peer reset it), {@link BrokenPipeException} (writing after
 * the connection was shut down or reset), {@link java.net.SocketTimeoutException} (keep-alive or
 * {@code TCP_USER_TIMEOUT} gave up), {@link java.nio.channels.ClosedChannelException} once this side
 * closed it.
 *
 * <p><b>Threads.</b> One thread may read while another writes; two must not read at once, nor write
 * at once. {@link #stats()}, {@link #isOpen()}, the addresses and {@link #close()} may be called from
 * any thread at any time: a call in flight on another thread ends promptly with its result or
 * {@code ClosedChannelException}, never touches freed memory, never sees another connection's bytes.
 *
 * <p><b>Allocation.</b> The read and write paths of native transports allocate nothing.
 */
public interface StreamTransport extends AutoCloseable {

    /**
     * Reads what is waiting into the buffer's tailroom (after its payload); the payload grows by
     * the bytes read.
     *
     * @return bytes read; 0 when nothing is waiting or the buffer has no tailroom; -1 at end of stream
     * @throws ConnectionResetException if the peer reset the connection
     * @throws java.nio.channels.ClosedChannelException if this transport is closed
     * @throws IOException if the connection is otherwise broken
     */
    int read(DatagramBuffer buffer) throws IOException;

    /**
     * Like {@link #read(DatagramBuffer)}, but waits up to {@code timeoutNanos} for bytes when none
     * are there: the blocking read of a request/response client or a thread-per-connection server.
     * On native transports it is one {@code recv(2)} that sleeps in the kernel, so a blocked reader
     * pays one system call per read rather than a {@code poll} and a {@code read}; elsewhere it
     * waits with {@link #awaitReadable} and reads. Closing the transport from another thread ends
     * the wait with {@link java.nio.channels.ClosedChannelException}. Blocks the calling thread: from
     * a virtual thread it pins its carrier for the wait (use a {@code Poller} there).
     *
     * @param timeoutNanos how long to wait at most; 0 or less reads without waiting;
     *                     {@link Long#MAX_VALUE} waits without a limit
     * @return bytes read; 0 when the timeout passed (or the buffer has no tailroom); -1 at end of stream
     */
    default int read(DatagramBuffer buffer, long timeoutNanos) throws IOException {
        boolean forever = timeoutNanos >= Long.MAX_VALUE / 2;
        long deadline = forever ? 0 : System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            int n = read(buffer);
            long left = forever ? Long.MAX_VALUE / 2 : deadline - System.nanoTime();
            if (n != 0 || left <= 0 || buffer.size() == buffer.end()) {
                return n;
            }
            awaitReadable(left);
        }
    }

    /**
     * Scatter read ({@code readv}): fills the tailrooms of {@code buffers[offset .. offset+count)} in
     * order, each payload growing by what landed in it.
     *
     * @return bytes read in all; 0 when nothing is waiting; -1 at end of stream
     */
    long read(DatagramBuffer[] buffers, int offset, int count) throws IOException;

    /**
     * Writes as much of the buffer's payload as the kernel takes now, and advances the buffer's
     * window past it.
     *
     * @return bytes written; 0 when the send buffer is full (counted, see {@link StreamStats#writesFull()})
     * @throws BrokenPipeException if the connection can no longer be written to
     * @throws ConnectionResetException if the peer reset the connection
     */
    int write(DatagramBuffer buffer) throws IOException;

    /**
     * Gathering write ({@code writev}/{@code sendmsg}): the payloads of
     * {@code buffers[offset .. offset+count)} in order, as far as the kernel takes them; each buffer's
     * window advances past its written part (a buffer fully written is left empty).
     *
     * @return bytes written in all; 0 when the send buffer is full
     */
    long write(DatagramBuffer[] buffers, int offset, int count) throws IOException;

    /**
     * Like {@link #write(DatagramBuffer[], int, int)}; with {@code more} the kernel is told that
     * more data follows at once ({@code MSG_MORE}), so it may hold back a partial segment until the
     * next write without {@code more}. Transports that cannot say so write as usual.
     */
    long write(DatagramBuffer[] buffers, int offset, int count, boolean more) throws IOException;

    /** Sends end-of-stream to the peer (half-close); reading goes on. Idempotent. */
    void shutdownOutput() throws IOException;

    /**
     * Waits until a read would find bytes or end of stream, or the connection failed, or the
     * timeout passes. Blocks in {@code poll(2)} on native transports (millisecond granularity); returns
     * {@code true} at once when the transport is closed, so the next call throws.
     *
     * @return true if (probably) readable, false on timeout
     */
    boolean awaitReadable(long timeoutNanos) throws IOException;

    /** Like {@link #awaitReadable}, for room in the send buffer. */
    boolean awaitWritable(long timeoutNanos) throws IOException;

    /** A snapshot of the counters; cheap, any thread. */
    StreamStats stats();

    /** What this transport can do. */
    StreamCapabilities capabilities();

    /** The local address. */
    SocketAddress localAddress();

    /** The peer's address (for an unnamed Unix peer, an empty path). */
    SocketAddress remoteAddress();

    /** False once {@link #close()} has been called. */
    boolean isOpen();

    /**
     * Closes the connection. Idempotent, never throws. Threads inside a call end promptly; the
     * descriptor and native memory are released once the last of them has left.
     */
    @Override
    void close();
}
