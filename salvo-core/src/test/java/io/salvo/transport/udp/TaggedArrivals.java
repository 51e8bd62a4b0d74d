package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.SendStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small text datagrams for tests over real links, read back with where they came from and where
 * they arrived. To show that something did <em>not</em> arrive without waiting on a clock, a test
 * sends it, then a {@linkplain #marker marker} down the same path: a veth delivers in order (as
 * long as the sending thread stays on one CPU, see {@link #until(UdpTransport, String, int)}), so
 * once the marker is in, whatever was sent before it either arrived or never will.
 */
final class TaggedArrivals {

    /** One datagram as received: its text, the interface and local address it arrived on, its source. */
    record Arrival(String text, int interfaceIndex, InetAddress localAddress, SocketAddress source) {
    }

    private TaggedArrivals() {
    }

    /** Sends {@code text} from {@code tx} to {@code to}; fails the test unless the kernel took it. */
    static void send(UdpTransport tx, String text, SocketAddress to) throws IOException {
        DatagramBuffer b = DatagramBuffer.allocate(256, 0).writeBytes(text.getBytes(StandardCharsets.UTF_8));
        assertThat(tx.send(b, to)).as("sending '" + text + "' to " + to + "; " + tx.stats())
                .isEqualTo(SendStatus.SENT);
    }

    /** The text of a marker, unique per call site. */
    static String marker(String name) {
        return "marker:" + name;
    }

    /**
     * Receives on {@code rx} until a datagram reading {@code marker} arrives (at most 20 s) and
     * returns everything else that came, in order (the marker left out).
     */
    static List<Arrival> until(UdpTransport rx, String marker) throws IOException {
        return until(rx, marker, 0);
    }

    /**
     * Like {@link #until(UdpTransport, String)}, but also waits (within the same 20 s) for at least
     * {@code expected} other datagrams. Why: a veth hands packets to the receiving side through the
     * sending CPU's backlog, so when the sending thread moves to another CPU between two sends
     * while softirqs are deferred (a loaded machine), the later packet can be processed first. The
     * marker then proves absence only as far as the kernel kept order; presence is awaited.
     */
    static List<Arrival> until(UdpTransport rx, String marker, int expected) throws IOException {
        List<Arrival> got = new ArrayList<>();
        boolean markerSeen = false;
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (PacketBatch in = PacketBatch.allocate(16, 256, 0)) {
            while (System.nanoTime() < deadline && !(markerSeen && got.size() >= expected)) {
                int n = rx.recvBatch(in);
                if (n == 0) {
                    rx.awaitReadable(100_000_000L);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    String text = new String(in.buffer(i).toByteArray(), StandardCharsets.UTF_8);
                    if (text.equals(marker)) {
                        markerSeen = true;
                    } else {
                        got.add(new Arrival(text, in.interfaceIndex(i), in.localAddress(i), in.peerAddress(i)));
                    }
                }
            }
        }
        if (!markerSeen) {
            throw new AssertionError("marker '" + marker + "' did not arrive in 20 s; got " + got + "; " + rx.stats());
        }
        return got;
    }

    /** The texts of {@code arrivals}. */
    static List<String> texts(List<Arrival> arrivals) {
        return arrivals.stream().map(Arrival::text).toList();
    }

    /** {@code address} with {@code port}. */
    static InetSocketAddress at(InetAddress address, int port) {
        return new InetSocketAddress(address, port);
    }
}
