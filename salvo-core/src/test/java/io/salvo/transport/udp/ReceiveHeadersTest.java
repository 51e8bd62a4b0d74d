package io.salvo.transport.udp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native receive path re-arms only what changed between calls (the headers the kernel wrote
 * into, buffers that were replaced, a new batch, first slot or source option). Every kind of change
 * between two receives must still land each datagram whole, in the right buffer, with the right
 * source and flags: a header left armed for the previous call would show up here as a stale
 * source, a stale truncation flag or data in a replaced buffer.
 */
class ReceiveHeadersTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static UdpTransport open() throws IOException {
        return UdpTransport.bind(LOOPBACK, UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build());
    }

    @Test
    void everyChangeBetweenReceivesIsSeen() throws Exception {
        try (UdpTransport rx = open(); UdpTransport a = open(); UdpTransport b = open();
             PacketBatch in = PacketBatch.allocate(8, 256, 0); PacketBatch other = PacketBatch.allocate(8, 256, 0)) {
            // Same batch, same options, twice: the second call re-arms only the headers the first filled.
            send(a, rx, "one", "two", "three");
            assertThat(receive(rx, in, 0, 3, true)).containsExactly("one", "two", "three");
            assertSources(in, 0, 3, a.localAddress());
            send(b, rx, "four", "five");
            assertThat(receive(rx, in, 0, 2, true)).containsExactly("four", "five");
            assertSources(in, 0, 2, b.localAddress());

            // Without sources, then with them again: no stale address either way.
            send(a, rx, "six");
            assertThat(receive(rx, in, 0, 1, false)).containsExactly("six");
            assertThat(in.peerAddress(0)).isNull();
            send(b, rx, "seven");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("seven");
            assertSources(in, 0, 1, b.localAddress());

            // A truncated datagram flags its header; the next one in that header is whole and unflagged.
            send(a, rx, "x".repeat(300));
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("x".repeat(256));
            assertThat(in.isTruncated(0)).isTrue();
            send(a, rx, "eight");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("eight");
            assertThat(in.isTruncated(0)).isFalse();

            // A replaced buffer is where the next datagram goes, at its own capacity.
            DatagramBuffer small = DatagramBuffer.allocate(16, 0);
            DatagramBuffer old = in.replaceBuffer(0, small);
            send(a, rx, "a datagram of forty bytes, more or less");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("a datagram of fo");
            assertThat(in.buffer(0)).isSameAs(small);
            assertThat(in.isTruncated(0)).isTrue();
            in.replaceBuffer(0, old);
            send(a, rx, "nine");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("nine");

            // Another batch in between, a single recv in between, and a later first slot.
            send(b, rx, "ten");
            assertThat(receive(rx, other, 0, 1, true)).containsExactly("ten");
            send(a, rx, "eleven");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("eleven");
            assertSources(in, 0, 1, a.localAddress());
            send(b, rx, "twelve");
            DatagramBuffer single = DatagramBuffer.allocate(64, 0);
            SocketAddress from = awaitSingle(rx, single);
            assertThat(from).isEqualTo(b.localAddress());
            assertThat(text(single)).isEqualTo("twelve");
            send(a, rx, "thirteen", "fourteen");
            assertThat(receive(rx, in, 5, 2, true)).containsExactly("thirteen", "fourteen");
            assertSources(in, 5, 2, a.localAddress());
            send(b, rx, "fifteen");
            assertThat(receive(rx, in, 0, 1, true)).containsExactly("fifteen");
            assertSources(in, 0, 1, b.localAddress());
        }
    }

    private static void send(UdpTransport from, UdpTransport to, String... texts) throws IOException {
        for (String t : texts) {
            DatagramBuffer d = DatagramBuffer.allocate(512, 0);
            d.writeBytes(t.getBytes(StandardCharsets.US_ASCII));
            from.send(d, to.localAddress());
        }
    }

    /** Receives exactly {@code count} datagrams into slots {@code first...}, in one call when they are all queued. */
    private static java.util.List<String> receive(UdpTransport rx, PacketBatch batch, int first, int count, boolean sources)
            throws IOException {
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        int got = 0;
        while (got < count && System.nanoTime() < deadline) {
            int n = sources ? rx.recvBatch(batch, first + got, count - got)
                    : rx.recvBatchWithoutSources(batch, first + got, count - got);
            got += n;
            if (n == 0) {
                Thread.onSpinWait();
            }
        }
        assertThat(got).as("datagrams received").isEqualTo(count);
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = first; i < first + count; i++) {
            texts.add(text(batch.buffer(i)));
        }
        return texts;
    }

    private static SocketAddress awaitSingle(UdpTransport rx, DatagramBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (System.nanoTime() < deadline) {
            SocketAddress from = rx.recv(buffer);
            if (from != null) {
                return from;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no datagram for recv()");
    }

    private static void assertSources(PacketBatch batch, int first, int count, SocketAddress expected) {
        for (int i = first; i < first + count; i++) {
            assertThat(batch.peerAddress(i)).as("source of slot " + i).isEqualTo(expected);
        }
    }

    private static String text(DatagramBuffer b) {
        return new String(b.toByteArray(), StandardCharsets.US_ASCII);
    }
}
