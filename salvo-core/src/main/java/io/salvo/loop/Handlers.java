package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;

/** The callbacks of the receive loops. All run synchronously on the loop's thread. */
public final class Handlers {
    private Handlers() {
    }

    /**
     * One call per datagram. The datagram is {@code batch.buffer(slot)}; its source is
     * {@code batch.peerAddress(slot)} (allocates) or {@code batch.peerPort(slot)} and friends (do not).
     * The buffer belongs to the loop again when the call returns.
     */
    @FunctionalInterface
    public interface DatagramHandler {
        void onDatagram(PacketBatch batch, int slot) throws Exception;
    }

    /** One call per received batch; slots {@code 0..count-1} hold datagrams until the call returns. */
    @FunctionalInterface
    public interface BatchHandler {
        void onBatch(PacketBatch batch, int count) throws Exception;
    }

    /**
     * One call per datagram, which returns the buffer the loop uses for this slot from now on:
     * {@code batch.buffer(slot)} to hand it back, or a replacement (say from a {@link io.salvo.buffer.BufferPool}),
     * in which case the received buffer belongs to the callback and the loop never touches it again.
     */
    @FunctionalInterface
    public interface ReplacingDatagramHandler {
        DatagramBuffer onDatagram(PacketBatch batch, int slot) throws Exception;
    }

    /** One call per datagram on a connected or Unix socket, where the source needs no mention. */
    @FunctionalInterface
    public interface ReadHandler {
        void onRead(DatagramBuffer datagram) throws Exception;
    }

    /** {@link ReadHandler} with buffer replacement, as in {@link ReplacingDatagramHandler}. */
    @FunctionalInterface
    public interface ReplacingReadHandler {
        DatagramBuffer onRead(DatagramBuffer datagram) throws Exception;
    }

    /**
     * The callbacks of a stream transport registered with a {@link Poller}; they run on the poller
     * thread and must not block.
     */
    public interface StreamHandler {
        /**
         * The connection is readable: bytes, end of stream, or a failure the next read reports.
         * Read what you want now (up to 0 or -1, or fewer for fairness) and return.
         *
         * @return true to be called again in the next round without waiting for the kernel: there
         *         is more to read that you left, or you hold decoded work of your own (a framer's
         *         buffered bytes); false when you drained it
         */
        boolean onReadable(io.salvo.stream.StreamTransport transport) throws Exception;

        /**
         * The send buffer has room, while write interest is on ({@link Poller#setWriteInterest}):
         * continue a write that took less than all. Turn the interest off when done, or this is
         * called every round the buffer has room.
         */
        default void onWritable(io.salvo.stream.StreamTransport transport) throws Exception {
        }
    }

    /**
     * Called on the poller thread for each connection a registered listener accepted; the
     * connection belongs to the callback (register it, hand it to another poller, or close it).
     */
    @FunctionalInterface
    public interface AcceptHandler<T extends io.salvo.stream.StreamTransport> {
        void onAccepted(T connection) throws Exception;
    }
}
