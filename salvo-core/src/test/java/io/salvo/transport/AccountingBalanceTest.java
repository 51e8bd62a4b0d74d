package io.salvo.transport;

import io.salvo.loop.Senders;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balance {@link SocketStats} promises, end to end over each transport: on the send side,
 * datagrams handed over = sent + dropped by cause (back pressure the caller retried is an event,
 * not a drop); on the receive side, datagrams that reached the socket = received + dropped there.
 * The receiver is flooded without reading, so its queue overflows and the drops are real.
 */
class AccountingBalanceTest {

    private static final int DATAGRAMS = 6_000;
    private static final int SIZE = 1_000;
    /** Every this-many datagrams goes to a destination the sender may not use: a counted send-side loss. */
    private static final int REFUSED_EVERY = 7;

    enum Kind {
        NATIVE_UDP(DropCause.KERNEL_RECEIVE_OVERFLOW),
        NIO_UDP(null),
        LOOPBACK(DropCause.QUEUE_OVERFLOW);

        /** Where the receiver counts what its full queue dropped; null when it cannot see it. */
        final DropCause receiveQueueDrops;

        Kind(DropCause receiveQueueDrops) {
            this.receiveQueueDrops = receiveQueueDrops;
        }
    }

    private record Endpoints(DatagramTransport sender, DatagramTransport receiver, SocketAddress forbidden)
            implements AutoCloseable {
        @Override
        public void close() {
            sender.close();
            receiver.close();
        }
    }

    private static Endpoints open(Kind kind) throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        // Broadcast without SO_BROADCAST is refused by the kernel (EACCES); the loopback network knows no such endpoint.
        InetSocketAddress broadcast = new InetSocketAddress("255.255.255.255", 9);
        return switch (kind) {
            case NATIVE_UDP -> new Endpoints(UdpTransport.bind(any), UdpTransport.bind(any, UdpOptions.builder()
                    .receiveBufferSize(64 * 1024).build()), broadcast);
            case NIO_UDP -> {
                UdpOptions nio = UdpOptions.builder().implementation(UdpOptions.Implementation.NIO).build();
                yield new Endpoints(UdpTransport.bind(any, nio), UdpTransport.bind(any, nio), broadcast);
            }
            case LOOPBACK -> {
                LoopbackNetwork net = LoopbackNetwork.builder().receiveQueueLimit(256).build();
                yield new Endpoints(net.open(), net.open(), broadcast);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyDatagramHandedOverIsSentOrDroppedAndEverySentOneIsReceivedOrDropped(Kind kind) throws Exception {
        // NIO cannot see the kernel's receive drops, so it gets a volume its socket can hold.
        int total = kind.receiveQueueDrops == null ? 50 : DATAGRAMS;
        try (Endpoints e = open(kind); PacketBatch out = PacketBatch.allocate(64, SIZE, 0);
             PacketBatch in = PacketBatch.allocate(64, SIZE, 0)) {
            SocketAddress to = e.receiver().localAddress();
            int handedOver = 0;
            int toReceiver = 0;
            while (handedOver < total) {
                out.clear();
                for (int i = 0; i < out.slots() && handedOver < total; i++, handedOver++) {
                    boolean forbidden = handedOver % REFUSED_EVERY == 0;
                    out.add(new byte[SIZE], forbidden ? e.forbidden() : to);
                    toReceiver += forbidden ? 0 : 1;
                }
                Senders.sendAll(e.sender(), out, Duration.ofSeconds(10));
                assertThat(out.remaining()).as("the batch went out under back pressure").isZero();
            }
            SocketStats sent = e.sender().stats();
            assertThat(sent.datagramsSent() + sent.totalDrops()).as("handed over = sent + dropped: %s", sent)
                    .isEqualTo(handedOver);
            assertThat(sent.datagramsSent()).isEqualTo(toReceiver);
            assertThat(sent.drops(DropCause.WOULD_BLOCK)).as("retried back pressure is not a loss").isZero();

            int received = drain(e.receiver(), in);
            // One more datagram after the flood: the kernel stamps each datagram with the drop tally so far.
            out.clear();
            out.add(new byte[SIZE], to);
            Senders.sendAll(e.sender(), out, Duration.ofSeconds(10));
            received += drain(e.receiver(), in);

            SocketStats got = e.receiver().stats();
            assertThat(got.datagramsReceived()).isEqualTo(received);
            long queueDrops = kind.receiveQueueDrops == null ? 0 : got.drops(kind.receiveQueueDrops);
            assertThat(got.datagramsReceived() + queueDrops).as("sent = received + dropped at the receiver: %s", got)
                    .isEqualTo(toReceiver + 1L);
            if (kind.receiveQueueDrops != null) {
                assertThat(queueDrops).as("the flood overflowed the receiver's queue").isPositive();
            }
        }
    }

    /** Receives until five waits of 100 ms in a row brought nothing. */
    private static int drain(DatagramTransport t, PacketBatch in) throws IOException {
        int n = 0;
        int emptyRounds = 0;
        while (emptyRounds < 5) {
            int got = t.recvBatch(in);
            if (got > 0) {
                n += got;
                emptyRounds = 0;
            } else {
                emptyRounds++;
                t.awaitReadable(100_000_000L);
            }
        }
        return n;
    }
}
