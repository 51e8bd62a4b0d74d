package io.salvo.transport;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link DatagramTransport} promises, written once. Each transport's test
 * class extends this and says how to open an endpoint; endpoints opened by one test can reach
 * each other.
 */
public abstract class DatagramTransportContract {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Opens a fresh endpoint, bound to an address the other endpoints of this test can reach. */
    protected abstract DatagramTransport openEndpoint() throws IOException;

    /** Largest batch the transport should be exercised with in one call. */
    protected int batchSize() {
        return 32;
    }

    /**
     * Opens a receiver for the tests of held datagrams. Native UDP overrides it to turn GRO on, so
     * that one receive reads a super-buffer larger than the batch and the transport holds the rest.
     */
    protected DatagramTransport openReceiverEndpoint() throws IOException {
        return openEndpoint();
    }

    /** Whether a receiver from {@link #openReceiverEndpoint()} holds what a full batch leaves (GRO, a queue). */
    protected boolean receiverHoldsWhatABatchLeaves() {
        return false;
    }

    protected final DatagramTransport open() throws IOException {
        DatagramTransport t = openEndpoint();
        toClose.add(t);
        return t;
    }

    protected final DatagramTransport openReceiver() throws IOException {
        DatagramTransport t = openReceiverEndpoint();
        toClose.add(t);
        return t;
    }

    protected final PacketBatch batch(int slots, int capacity, int headroom) {
        PacketBatch b = PacketBatch.allocate(slots, capacity, headroom);
        toClose.add(b);
        return b;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private static byte[] payload(int index, int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (index * 31 + i);
        }
        return p;
    }

    @Test
    void recvReturnsNothingWhenNothingIsWaiting() throws IOException {
        DatagramTransport t = open();
        DatagramBuffer buf = DatagramBuffer.allocate();
        assertThat(t.recv(buf)).isNull();
        assertThat(buf.length()).isZero();
        PacketBatch b = batch(8, 1472, 0);
        assertThat(t.recvBatch(b)).isZero();
        assertThat(b.count()).isZero();
    }

    @Test
    void singleDatagramArrivesByteForByteWithItsSource() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        DatagramBuffer out = DatagramBuffer.allocate(1472, 16);
        out.writeBytes(payload(7, 300));
        assertThat(a.send(out, b.localAddress())).isEqualTo(SendStatus.SENT);
        assertThat(out.length()).as("send leaves the window alone").isEqualTo(300);

        DatagramBuffer in = DatagramBuffer.allocate(1472, 24);
        SocketAddress from = null;
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (from == null && System.nanoTime() < deadline) {
            from = b.recv(in);
        }
        assertThat(from).isEqualTo(a.localAddress());
        assertThat(in.toByteArray()).isEqualTo(payload(7, 300));
        assertThat(in.start()).as("payload lands after the headroom").isEqualTo(24);
    }

    /**
     * Sends the whole batch, receiving on {@code receiver} whenever the sender reports a full buffer
     * (Unix datagram sockets push back instead of dropping), and hands every received batch to {@code onBatch}.
     * Returns how many datagrams were received.
     */
    protected static int sendAllWhileReceiving(DatagramTransport sender, PacketBatch out, DatagramTransport receiver,
                                               PacketBatch in, java.util.function.IntConsumer onBatch) throws IOException {
        int expected = out.count();
        int sent = 0;
        int received = 0;
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while ((out.remaining() > 0 || received < expected) && System.nanoTime() < deadline) {
            if (out.remaining() > 0) {
                sent += sender.sendBatch(out);
            }
            int n = receiver.recvBatch(in);
            if (n > 0) {
                onBatch.accept(n);
                received += n;
            }
        }
        assertThat(sent).isEqualTo(expected);
        return received;
    }

    @Test
    void batchArrivesInOrderWithPeerAddressesAndLengths() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        int n = batchSize();
        PacketBatch out = batch(n, 1472, 0);
        for (int i = 0; i < n; i++) {
            out.add(payload(i, 10 + i), b.localAddress());
        }
        PacketBatch in = batch(n, 1472, 8);
        List<byte[]> got = new ArrayList<>();
        sendAllWhileReceiving(a, out, b, in, count -> {
            for (int i = 0; i < count; i++) {
                assertThat(in.peerAddress(i)).isEqualTo(a.localAddress());
                assertThat(in.length(i)).isEqualTo(in.buffer(i).length());
                assertThat(in.isTruncated(i)).isFalse();
                assertThat(in.buffer(i).start()).isEqualTo(8);
                got.add(in.buffer(i).toByteArray());
            }
        });
        assertThat(out.remaining()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(out.sendStatus(i)).isEqualTo(SendStatus.SENT);
        }
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i)).isEqualTo(payload(i, 10 + i));
        }
    }

    @Test
    void eachSlotGoesToItsOwnDestination() throws IOException {
        DatagramTransport sender = open();
        DatagramTransport[] receivers = {open(), open(), open()};
        PacketBatch out = batch(9, 1472, 0);
        for (int i = 0; i < 9; i++) {
            out.add(payload(i, 20), receivers[i % 3].localAddress());
        }
        assertThat(sender.sendBatch(out)).isEqualTo(9);
        for (int r = 0; r < 3; r++) {
            PacketBatch in = batch(8, 1472, 0);
            Set<Byte> firstBytes = new HashSet<>();
            int seen = Await.drain(receivers[r], in, 3, count -> {
                for (int i = 0; i < count; i++) {
                    firstBytes.add(in.buffer(i).getByte(0));
                }
            });
            assertThat(seen).isEqualTo(3);
            assertThat(firstBytes).containsExactlyInAnyOrder((byte) (r * 31), (byte) ((r + 3) * 31), (byte) ((r + 6) * 31));
        }
    }

    @Test
    void datagramLongerThanTheBufferIsTruncatedFlaggedAndCounted() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        PacketBatch out = batch(1, 1472, 0);
        out.add(payload(1, 1000), b.localAddress());
        assertThat(a.sendBatch(out)).isEqualTo(1);

        PacketBatch in = batch(4, 100, 0);
        assertThat(Await.recvBatch(b, in)).isEqualTo(1);
        assertThat(in.isTruncated(0)).isTrue();
        assertThat(in.length(0)).isEqualTo(1000);
        assertThat(in.buffer(0).length()).isEqualTo(100);
        byte[] first100 = new byte[100];
        System.arraycopy(payload(1, 1000), 0, first100, 0, 100);
        assertThat(in.buffer(0).toByteArray()).isEqualTo(first100);
        assertThat(b.stats().drops(DropCause.TRUNCATED)).isEqualTo(1);
    }

    @Test
    void statsCountDatagramsBytesAndCalls() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        PacketBatch out = batch(4, 1472, 0);
        for (int i = 0; i < 4; i++) {
            out.add(payload(i, 50), b.localAddress());
        }
        a.sendBatch(out);
        PacketBatch in = batch(4, 1472, 0);
        Await.drain(b, in, 4, count -> { });
        SocketStats sa = a.stats();
        SocketStats sb = b.stats();
        assertThat(sa.datagramsSent()).isEqualTo(4);
        assertThat(sa.bytesSent()).isEqualTo(200);
        assertThat(sa.sendCalls()).isGreaterThanOrEqualTo(1);
        assertThat(sb.datagramsReceived()).isEqualTo(4);
        assertThat(sb.bytesReceived()).isEqualTo(200);
        assertThat(sb.receiveCalls()).isGreaterThanOrEqualTo(1);
        assertThat(sb.totalDrops()).isZero();
    }

    @Test
    void batchesAreReusableAcrossManyRounds() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        PacketBatch out = batch(16, 1472, 0);
        PacketBatch in = batch(16, 1472, 0);
        long sum = 0;
        for (int round = 0; round < 50; round++) {
            out.clear();
            for (int i = 0; i < 16; i++) {
                int slot = out.add(new byte[0], b.localAddress());
                out.buffer(slot).writeInt(round * 16 + i);
            }
            int[] got = {0};
            long[] roundSum = {0};
            sendAllWhileReceiving(a, out, b, in, count -> {
                for (int i = 0; i < count; i++) {
                    roundSum[0] += in.buffer(i).getInt(0);
                }
                got[0] += count;
            });
            assertThat(got[0]).isEqualTo(16);
            sum += roundSum[0];
        }
        long n = 50 * 16;
        assertThat(sum).isEqualTo(n * (n - 1) / 2);
    }

    @Test
    void closedTransportThrowsClosedChannelExceptionAndCloseIsIdempotent() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        SocketAddress target = b.localAddress();
        a.close();
        a.close();
        assertThat(a.isOpen()).isFalse();
        DatagramBuffer buf = DatagramBuffer.allocate().writeInt(1);
        assertThatThrownBy(() -> a.send(buf, target)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> a.recv(buf)).isInstanceOf(ClosedChannelException.class);
        PacketBatch batch = batch(2, 1472, 0);
        batch.add(new byte[4], target);
        assertThatThrownBy(() -> a.sendBatch(batch)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> a.recvBatch(batch)).isInstanceOf(ClosedChannelException.class);
        assertThat(a.stats()).isNotNull();
    }

    @Test
    void emptyDatagramIsDelivered() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        assertThat(a.send(DatagramBuffer.allocate(), b.localAddress())).isEqualTo(SendStatus.SENT);
        PacketBatch in = batch(2, 1472, 0);
        assertThat(Await.recvBatch(b, in)).isEqualTo(1);
        assertThat(in.length(0)).isZero();
        assertThat(in.buffer(0).isEmpty()).isTrue();
    }

    @Test
    void awaitReadableWakesForDataAndTimesOutWithout() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = open();
        boolean kernelBacked = !b.capabilities().kind().equals("loopback");
        if (kernelBacked) {
            assertThat(b.awaitReadable(20_000_000)).as("nothing sent yet").isFalse();
        }
        a.send(DatagramBuffer.allocate().writeInt(3), b.localAddress());
        assertThat(b.awaitReadable(2_000_000_000L)).isTrue();
        assertThat(a.awaitWritable(2_000_000_000L)).isTrue();
        b.close();
        long t0 = System.nanoTime();
        assertThat(b.awaitReadable(2_000_000_000L)).as("closed transports do not make callers wait").isTrue();
        assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
    }

    @Test
    void sendWithoutADestinationOnAnUnconnectedTransportIsACountedFailure() throws IOException {
        DatagramTransport a = open();
        SendStatus s = a.send(DatagramBuffer.allocate().writeInt(1), null);
        assertThat(s).isEqualTo(SendStatus.BAD_DESTINATION);
        assertThat(a.stats().drops(DropCause.BAD_DESTINATION)).isEqualTo(1);
        assertThat(a.stats().totalDrops()).isEqualTo(1);
        assertThat(a.isOpen()).isTrue();
    }

    /** Longest a test waits for something that should happen at once (generous: the machine may be loaded). */
    private static final long WAIT_NANOS = 2_000_000_000L;

    /**
     * Sends {@code count} datagrams of {@code size} bytes ({@code payload(i, size)}) as one GSO
     * message where the sender has GSO (native UDP: one super-buffer for a GRO receiver), else as
     * one batch, as far as the receiver takes them (a Unix datagram peer's queue is short).
     *
     * @return how many were sent
     */
    private int sendBurst(DatagramTransport from, DatagramTransport to, int count, int size) throws IOException {
        if (from.capabilities().gso()) {
            PacketBatch out = batch(1, count * size, 0);
            DatagramBuffer b = out.buffer(0);
            for (int i = 0; i < count; i++) {
                b.writeBytes(payload(i, size));
            }
            out.setPeerAddress(0, to.localAddress());
            out.setSegmentSize(0, size);
            out.setCount(1);
            assertThat(from.sendBatch(out)).as("datagrams sent in one GSO message").isEqualTo(count);
            return count;
        }
        PacketBatch out = batch(count, size, 0);
        for (int i = 0; i < count; i++) {
            out.add(payload(i, size), to.localAddress());
        }
        int sent = from.sendBatch(out);
        assertThat(sent).as("datagrams sent").isPositive();
        return sent;
    }

    @Test
    void aTransportHoldingReceivedDatagramsIsReadableUntilItHasDeliveredThemAll() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = openReceiver();
        int sent = sendBurst(a, b, 40, 1200);
        PacketBatch in = batch(8, 1472, 0);
        assertThat(b.awaitReadable(WAIT_NANOS)).as("readable once datagrams were sent").isTrue();
        List<byte[]> got = new ArrayList<>();
        int first = b.recvBatch(in);
        assertThat(first).as("a full batch of the %d datagrams sent", sent).isEqualTo(Math.min(sent, in.slots()));
        for (int i = 0; i < first; i++) {
            got.add(in.buffer(i).toByteArray());
        }
        while (got.size() < sent) {
            int undelivered = sent - got.size();
            assertThat(b.awaitReadable(WAIT_NANOS)).as("readable while %d of %d datagrams are undelivered",
                    undelivered, sent).isTrue();
            if (got.size() == first) {
                assertThat(b.holdsReceivedDatagrams()).as("holds what the first batch left")
                        .isEqualTo(receiverHoldsWhatABatchLeaves());
            }
            int n = b.recvBatch(in);
            assertThat(n).as("a receive after a readable wait, %d undelivered", undelivered).isPositive();
            for (int i = 0; i < n; i++) {
                got.add(in.buffer(i).toByteArray());
            }
        }
        assertThat(b.holdsReceivedDatagrams()).as("holds nothing once all are delivered").isFalse();
        if (!b.capabilities().kind().equals("loopback")) {
            assertThat(b.awaitReadable(20_000_000)).as("nothing left anywhere").isFalse();
        }
        assertThat(got).hasSize(sent);
        for (int i = 0; i < sent; i++) {
            assertThat(got.get(i)).as("datagram %d", i).isEqualTo(payload(i, 1200));
        }
        assertThat(b.stats().totalDrops()).isZero();
    }

    @Test
    void heldDatagramsGoToTheNextReceiveWhicheverBatchOrBufferItUses() throws IOException {
        DatagramTransport a = open();
        DatagramTransport b = openReceiver();
        int sent = sendBurst(a, b, 40, 1200);
        PacketBatch first = batch(4, 1472, 0);
        PacketBatch second = batch(3, 1472, 16);
        DatagramBuffer single = DatagramBuffer.allocate(1472, 8);
        assertThat(b.awaitReadable(WAIT_NANOS)).as("readable once datagrams were sent").isTrue();
        List<byte[]> got = new ArrayList<>();
        for (int round = 0; got.size() < sent; round++) {
            assertThat(b.awaitReadable(WAIT_NANOS)).as("readable while %d of %d datagrams are undelivered",
                    sent - got.size(), sent).isTrue();
            switch (round % 3) {
                case 0, 1 -> {
                    PacketBatch in = round % 3 == 0 ? first : second;
                    int n = b.recvBatch(in);
                    assertThat(n).as("a receive into batch %d after a readable wait, %d undelivered", round % 3,
                            sent - got.size()).isPositive();
                    for (int i = 0; i < n; i++) {
                        assertThat(in.peerAddress(i)).isEqualTo(a.localAddress());
                        got.add(in.buffer(i).toByteArray());
                    }
                }
                default -> {
                    assertThat(b.recv(single)).as("recv after a readable wait, %d undelivered", sent - got.size())
                            .isEqualTo(a.localAddress());
                    got.add(single.toByteArray());
                }
            }
        }
        assertThat(b.holdsReceivedDatagrams()).isFalse();
        assertThat(got).hasSize(sent);
        for (int i = 0; i < sent; i++) {
            assertThat(got.get(i)).as("datagram %d, in the order sent", i).isEqualTo(payload(i, 1200));
        }
        assertThat(b.stats().totalDrops()).isZero();
    }

    @Test
    void batchInUseCannotBeClosed() throws IOException {
        DatagramTransport a = open();
        PacketBatch b = PacketBatch.allocate(2);
        assertThat(a.recvBatch(b)).isZero();
        b.close();
        assertThatThrownBy(() -> a.recvBatch(b)).isInstanceOf(IllegalStateException.class);
    }
}
