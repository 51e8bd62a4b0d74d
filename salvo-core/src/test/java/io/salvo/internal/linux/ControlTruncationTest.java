package io.salvo.internal.linux;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A GRO super-buffer whose control message the kernel had to cut (MSG_CTRUNC) has no trustworthy
 * segment size: it must arrive whole, flagged and counted, never split by guess. Forced here with
 * a receive control area too small for even the UDP_GRO message.
 */
class ControlTruncationTest {

    /** A native UDP socket with GRO and a 16-byte control area (CMSG_SPACE(4) is 24). */
    private static final class TinyControlArea extends NativeDatagramTransport {
        private final InetSocketAddress local;

        TinyControlArea(NativeSocket s) throws IOException {
            super(s, 16L);
            this.receiveGro = true;
            this.local = (InetSocketAddress) SocketCalls.localAddress(s);
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities("test", true, false, true, false, false, false, false, 1024);
        }

        @Override
        public SocketAddress localAddress() {
            return local;
        }
    }

    @Test
    void aCutGroControlMessageMeansTheSuperBufferArrivesWholeFlaggedAndCounted() throws IOException {
        NativeSocket s = NativeSocket.open(LinuxConstants.AF_INET);
        assumeTrue(SocketCalls.trySetInt(s, LinuxConstants.SOL_UDP, LinuxConstants.UDP_GRO, 1), "kernel without UDP GRO");
        InetSocketAddress bindTo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SocketCalls.addressCall(s, "bind", (seg, off) -> SocketAddressCodec.encode(bindTo, seg, off), false);
        try (TinyControlArea rx = new TinyControlArea(s);
             UdpTransport tx = UdpTransport.bind(bindTo, UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build());
             PacketBatch out = PacketBatch.allocate(1, 10_000, 0); PacketBatch in = PacketBatch.allocate(16)) {
            assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
            out.add(new byte[10_000], rx.localAddress());
            out.setSegmentSize(0, 1000);
            assertThat(tx.sendBatch(out)).isEqualTo(10);
            assertThat(Await.recvBatch(rx, in)).isEqualTo(1);
            assertThat(in.isControlTruncated(0)).isTrue();
            assertThat(in.buffer(0).length()).as("not split without a segment size").isEqualTo(10_000);
            assertThat(in.segmentSize(0)).isZero();
            assertThat(rx.stats().events(TransportEvent.CONTROL_TRUNCATED)).isEqualTo(1);
        }
    }
}
