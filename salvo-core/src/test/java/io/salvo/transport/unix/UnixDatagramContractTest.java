package io.salvo.transport.unix;

import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DatagramTransportContract;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

class UnixDatagramContractTest extends DatagramTransportContract {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    protected DatagramTransport openEndpoint() throws IOException {
        return UnixDatagramTransport.bind(new AbstractUnixSocketAddress(
                "salvo-contract-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet()));
    }
}
