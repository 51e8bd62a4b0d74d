package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A destination the socket cannot use is a per-datagram outcome of its own on every UDP
 * implementation, never an exception and never "other error": another address family, or no
 * destination on an unconnected socket.
 */
class BadDestinationTest {

    @ParameterizedTest
    @EnumSource(value = UdpOptions.Implementation.class, names = {"NATIVE", "NIO"})
    void anotherFamilyOrNoDestinationIsABadDestination(UdpOptions.Implementation implementation) throws IOException {
        UdpOptions o = UdpOptions.builder().implementation(implementation).build();
        try (UdpTransport v4 = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0), o);
             PacketBatch out = PacketBatch.allocate(2)) {
            DatagramBuffer d = DatagramBuffer.allocate().writeInt(1);
            assertThat(v4.send(d, new InetSocketAddress("::1", 9))).isEqualTo(SendStatus.BAD_DESTINATION);
            assertThat(v4.send(d, null)).isEqualTo(SendStatus.BAD_DESTINATION);
            out.add(new byte[] {1}, new InetSocketAddress("::1", 9));
            out.add(new byte[] {2}, v4.localAddress());
            assertThat(v4.sendBatch(out)).isEqualTo(1);
            assertThat(out.sendStatus(0)).isEqualTo(SendStatus.BAD_DESTINATION);
            assertThat(out.sendStatus(1)).isEqualTo(SendStatus.SENT);
            assertThat(v4.stats().drops(DropCause.BAD_DESTINATION)).isEqualTo(3);
            assertThat(v4.stats().drops(DropCause.OTHER_ERROR)).isZero();
        }
    }
}
