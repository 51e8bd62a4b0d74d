package io.salvo.quic.kwik;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportDatagramSocketTest {

    @Test
    void handsOutABatchOneDatagramPerReceiveWithPayloadAndSource() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        InetSocketAddress peerAddress = new InetSocketAddress("10.9.0.2", 1000);
        try (DatagramTransport peer = network.open(peerAddress);
             TransportDatagramSocket socket = new TransportDatagramSocket(network.open(new InetSocketAddress("10.9.0.1", 2000)), true, 8, DatagramGate.OPEN)) {
            DatagramBuffer out = DatagramBuffer.allocate(1500, 0);
            for (int i = 0; i < 20; i++) { // more than one batch
                peer.send(out.reset().writeInt(i).writeBytes(new byte[i]), socket.getLocalSocketAddress());
            }
            for (int i = 0; i < 20; i++) {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                socket.receive(p);
                assertThat(p.getLength()).isEqualTo(4 + i);
                assertThat(java.nio.ByteBuffer.wrap(p.getData()).getInt()).isEqualTo(i);
                assertThat(p.getSocketAddress()).isEqualTo(peerAddress);
            }
            assertThat(socket.datagramsReceived()).isEqualTo(20);
        }
    }

    @Test
    void datagramsFromInterleavedPeersKeepTheirOwnSource() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        InetSocketAddress a = new InetSocketAddress("10.9.0.2", 1000);
        InetSocketAddress b = new InetSocketAddress("10.9.0.3", 1000);
        try (DatagramTransport peerA = network.open(a); DatagramTransport peerB = network.open(b);
             TransportDatagramSocket socket = new TransportDatagramSocket(network.open(new InetSocketAddress("10.9.0.1", 2000)), true, 16, DatagramGate.OPEN)) {
            DatagramBuffer out = DatagramBuffer.allocate(64, 0);
            int[] pattern = {0, 0, 1, 0, 1, 1, 1, 0};
            for (int i = 0; i < pattern.length; i++) {
                (pattern[i] == 0 ? peerA : peerB).send(out.reset().writeByte(i), socket.getLocalSocketAddress());
            }
            for (int i = 0; i < pattern.length; i++) {
                DatagramPacket p = new DatagramPacket(new byte[10], 10);
                socket.receive(p);
                assertThat(p.getSocketAddress()).isEqualTo(pattern[p.getData()[0]] == 0 ? a : b);
            }
        }
    }

    @Test
    void theGateDropsDatagramsBeforeTheyAreCopiedAndCountsThem() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        DatagramGate evenOnly = (payload, length, now) -> payload.get(ValueLayout.JAVA_BYTE, 0) % 2 == 0;
        try (DatagramTransport peer = network.open(new InetSocketAddress("10.9.0.2", 1000));
             TransportDatagramSocket socket = new TransportDatagramSocket(network.open(new InetSocketAddress("10.9.0.1", 2000)), true, 4, evenOnly)) {
            DatagramBuffer out = DatagramBuffer.allocate(64, 0);
            for (int i = 0; i < 10; i++) {
                peer.send(out.reset().writeByte(i), socket.getLocalSocketAddress());
            }
            for (int i = 0; i < 10; i += 2) {
                DatagramPacket p = new DatagramPacket(new byte[10], 10);
                socket.receive(p);
                assertThat(p.getData()[0]).isEqualTo((byte) i);
            }
            assertThat(socket.datagramsRefusedByGate()).isEqualTo(4); // 1,3,5,7 seen so far; 9 still queued or refused
        }
    }

    @Test
    void sendsReachTheTargetThroughTheTransport() throws Exception {
        try (TransportDatagramSocket socket = TransportDatagramSocket.over(UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0)));
             DatagramTransport peer = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] payload = {1, 2, 3};
            socket.send(new DatagramPacket(payload, 3, peer.localAddress()));
            DatagramBuffer in = DatagramBuffer.allocate();
            assertThat(peer.awaitReadable(TimeUnit.SECONDS.toNanos(10))).isTrue();
            assertThat(peer.recv(in)).isEqualTo(socket.getLocalSocketAddress());
            assertThat(in.length()).isEqualTo(3);
            assertThat(socket.datagramsSent()).isEqualTo(1);
        }
    }

    @Test
    void aTransportClosedUnderneathDoesNotFailTheReceiveUntilTheSocketCloses() throws Exception {
        // Kwik's server would call System.exit on a receive exception while it is not closing.
        DatagramTransport transport = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
        TransportDatagramSocket socket = new TransportDatagramSocket(transport, false, 4, DatagramGate.OPEN);
        CompletableFuture<Throwable> receiver = CompletableFuture.supplyAsync(() -> {
            try {
                socket.receive(new DatagramPacket(new byte[1500], 1500));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (socket.receiveErrors() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(socket.receiveErrors()).isPositive();
        assertThat(receiver).isNotDone();
        socket.close();
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
    }

    @Test
    void closingWakesABlockedReceiverWithSocketExceptionAndLaterCallsFail() throws Exception {
        TransportDatagramSocket socket = TransportDatagramSocket.over(UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0)));
        CompletableFuture<Throwable> receiver = CompletableFuture.supplyAsync(() -> {
            try {
                socket.receive(new DatagramPacket(new byte[1500], 1500));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100); // let it block (the outcome is the same if it has not yet)
        socket.close();
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
        assertThat(socket.isClosed()).isTrue();
        assertThat(socket.transport().isOpen()).isFalse();
        assertThatThrownBy(() -> socket.send(new DatagramPacket(new byte[1], 1, new InetSocketAddress("127.0.0.1", 9))))
                .isInstanceOf(SocketException.class);
        socket.close(); // idempotent
    }
}
