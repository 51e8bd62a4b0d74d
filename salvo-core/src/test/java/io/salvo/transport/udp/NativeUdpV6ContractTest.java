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
}
