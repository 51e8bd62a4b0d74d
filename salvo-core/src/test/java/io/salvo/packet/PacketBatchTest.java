package io.salvo.packet;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.transport.SendStatus;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketBatchTest {

    @Test
    void peerAddressesRoundTripForEveryFamily() throws Exception {
        try (PacketBatch b = PacketBatch.allocate(5)) {
            InetSocketAddress v4 = new InetSocketAddress("192.0.2.7", 4433);
            InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 53);
            UnixDomainSocketAddress path = UnixDomainSocketAddress.of("/tmp/salvo.sock");
            AbstractUnixSocketAddress abs = new AbstractUnixSocketAddress("salvo-test");
            b.setPeerAddress(0, v4).setPeerAddress(1, v6).setPeerAddress(2, path).setPeerAddress(3, abs);
            assertThat(b.peerAddress(0)).isEqualTo(v4);
            assertThat(b.peerAddress(1)).isEqualTo(v6);
            assertThat(b.peerAddress(2)).isEqualTo(path);
            assertThat(b.peerAddress(3)).isEqualTo(abs);
            assertThat(b.peerAddress(4)).isNull();
            assertThat(b.peerPort(0)).isEqualTo(4433);
            assertThat(b.peerPort(2)).isEqualTo(-1);
            b.copyPeerAddress(b, 1, 4);
            assertThat(b.samePeer(1, 4)).isTrue();
            assertThat(b.samePeer(0, 1)).isFalse();
            b.setSourceAddress(0, InetAddress.getByName("127.0.0.5"));
            assertThat(b.localAddress(0)).isEqualTo(InetAddress.getByName("127.0.0.5"));
        }
    }

    @Test
    void unresolvedAddressesAreRejected() {
        try (PacketBatch b = PacketBatch.allocate(1)) {
            assertThatThrownBy(() -> b.setPeerAddress(0, InetSocketAddress.createUnresolved("nowhere.invalid", 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
        }
    }

    @Test
    void addFillsSlotsAndClearStartsOver() {
        try (PacketBatch b = PacketBatch.allocate(2, 64, 8)) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", 9);
            b.add(new byte[] {1, 2}, to);
            b.add(new byte[] {3}, to);
            assertThat(b.count()).isEqualTo(2);
            assertThat(b.buffer(1).toByteArray()).containsExactly(3);
            assertThat(b.sendStatus(0)).isEqualTo(SendStatus.PENDING);
            assertThatThrownBy(() -> b.add(new byte[1], to)).isInstanceOf(IllegalStateException.class);
            b.clear();
            assertThat(b.count()).isZero();
            assertThat(b.buffer(0).isEmpty()).isTrue();
            assertThat(b.buffer(0).start()).isEqualTo(8);
            assertThat(b.peerAddress(0)).isNull();
        }
    }

    @Test
    void replaceBufferHandsOwnershipOfTheOldOneToTheCaller() {
        try (PacketBatch b = PacketBatch.allocate(2)) {
            DatagramBuffer original = b.buffer(0);
            DatagramBuffer replacement = DatagramBuffer.allocate();
            assertThat(b.replaceBuffer(0, replacement)).isSameAs(original);
            assertThat(b.buffer(0)).isSameAs(replacement);
        }
    }

    @Test
    void closedBatchRejectsUseAndMetadataSettersValidate() {
        PacketBatch b = PacketBatch.allocate(1);
        assertThatThrownBy(() -> b.setEcn(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.setSegmentSize(0, 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.buffer(1)).isInstanceOf(IndexOutOfBoundsException.class);
        b.close();
        b.close();
        assertThatThrownBy(() -> b.buffer(0).writeInt(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedBatchSaysSoInsteadOfAnEmptyWindow() {
        PacketBatch b = PacketBatch.allocate(4);
        b.add(new byte[] {1, 2, 3, 4}, new InetSocketAddress("127.0.0.1", 9));
        b.close();
        assertThatThrownBy(() -> b.buffer(0).getInt(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void sizesBeyondTheLimitsAreRefusedWithTheirNumbersNotAnOutOfMemoryError() {
        assertThatThrownBy(() -> PacketBatch.allocate(1 << 20, 1 << 16, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1048576");
        assertThatThrownBy(() -> PacketBatch.allocate(64, 1 << 21, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2097152");
        assertThatThrownBy(() -> PacketBatch.allocate(60_000, 60_000, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("native memory");
    }
}
