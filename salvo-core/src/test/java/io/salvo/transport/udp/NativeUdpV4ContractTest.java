package io.salvo.transport.udp;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DatagramTransportContract;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class NativeUdpV4ContractTest extends DatagramTransportContract {

    @BeforeAll
    static void nativePathIsAvailable() {
        assertThat(UdpTransport.nativeUnavailableReason()).as("tests run with native access").isNull();
    }

    @Override
    protected DatagramTransport openEndpoint() throws IOException {
        UdpTransport t = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build());
        assertThat(t.capabilities().kind()).isEqualTo("native-udp");
        return t;
    }

    private boolean receiverHasGro;

    /** With GRO on, one receive reads a whole GSO burst as a super-buffer larger than the test's batch. */
    @Override
    protected DatagramTransport openReceiverEndpoint() throws IOException {
        UdpTransport t = UdpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).gro(true).build());
        receiverHasGro = t.capabilities().gro();
        return t;
    }

    @Override
    protected boolean receiverHoldsWhatABatchLeaves() {
        return receiverHasGro;
    }
}
