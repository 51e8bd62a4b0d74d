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
}
