package io.salvo.quic;

import io.salvo.transport.DatagramTransport;

import java.io.IOException;

/** Opens a fresh, bound datagram transport for one client connection; the connection owns it. */
@FunctionalInterface
public interface TransportFactory {
    DatagramTransport open() throws IOException;
}
