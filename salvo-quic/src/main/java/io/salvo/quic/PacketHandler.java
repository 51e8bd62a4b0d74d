package io.salvo.quic;

import java.net.InetSocketAddress;

/**
 * Receives the packets a {@link QuicStreamer} reads: one call per completed unidirectional stream.
 *
 * <p><b>Threads.</b> Called on the connection's Kwik callback thread: calls for one connection
 * come one at a time and in stream order; calls for different connections come concurrently, so
 * an implementation shared by connections must be thread-safe. A slow handler delays only its own
 * connection's streams (and, through QUIC stream credit, slows that sender down).
 *
 * <p><b>Buffers.</b> {@code data} is the connection's reused read buffer, valid during the call
 * only: copy what must outlive it.
 */
@FunctionalInterface
public interface PacketHandler {

    /**
     * @param data         the packet, bytes {@code 0..length-1}
     * @param length       the packet's length, 1..maxPacketSize
     * @param peer         the address the connection was opened from
     * @param connectionId the streamer's identifier for the connection, unique for the streamer's life
     */
    void onPacket(byte[] data, int length, InetSocketAddress peer, long connectionId);
}
