package io.salvo.transport.udp;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DatagramTransportContract;

import java.io.IOException;
import java.net.InetSocketAddress;

class NativeUdpV6ContractTest extends DatagramTransportContract {

    @Override
    protected DatagramTransport openEndpoint() throws IOException {
        return UdpTransport.bind(new InetSocketAddress("::1", 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build());
    }

    private boolean receiverHasGro;

    /** With GRO on, one receive reads a whole GSO burst as a super-buffer larger than the test's batch. */
    @Override
    protected DatagramTransport openReceiverEndpoint() throws IOException {
        UdpTransport t = UdpTransport.bind(new InetSocketAddress("::1", 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gro(true).build());
        receiverHasGro = t.capabilities().gro();
        return t;
    }

    @Override
    protected boolean receiverHoldsWhatABatchLeaves() {
        return receiverHasGro;
    }
}
