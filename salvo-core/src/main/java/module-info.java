/**
 * Salvo core: native-memory datagram buffers, packet batches, the datagram transports (native
 * UDP and Unix datagram sockets through the Foreign Function &amp; Memory API, a
 * {@code DatagramChannel} fallback, and an in-memory loopback network with impairments) and the
 * stream transports (TCP and Unix stream sockets, native or over {@code SocketChannel}).
 * No dependencies beyond the JDK. Needs native access ({@code --enable-native-access=io.salvo.core})
 * for the native transports; without it they fall back to NIO and say so once in the log.
 */
module io.salvo.core {
    exports io.salvo.buffer;
    exports io.salvo.packet;
    exports io.salvo.transport;
    exports io.salvo.transport.loopback;
    exports io.salvo.transport.udp;
    exports io.salvo.transport.unix;
    exports io.salvo.loop;
    exports io.salvo.stream;
    exports io.salvo.stream.tcp;
    exports io.salvo.stream.unix;
    exports io.salvo.observe;

    requires jdk.net; // TCP keep-alive and quick-ack options for the SocketChannel fallback
    requires jdk.jfr; // Salvo's flight-recorder events (io.salvo.observe)
}
