package io.salvo.transport.udp;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DatagramTransportContract;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class NioUdpContractTest extends DatagramTransportContract {

    @Override
    protected DatagramTransport openEndpoint() throws IOException {
        UdpTransport t = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NIO).build());
        assertThat(t.capabilities().kind()).isEqualTo("nio-udp");
        return t;
    }
}
