package io.salvo.messaging;

import io.salvo.stream.unix.UnixStreamTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames split across reads at every boundary, byte by byte, and writes the kernel takes in pieces:
 * over a Unix stream pair whose far end is raw bytes, in each receiving flavour.
 */
class PartialFramesTest {

    enum Flavour { NON_BLOCKING, BLOCKING, ASYNC }

    /** Receives one message in the flavour under test. */
    private static final class Receiver {
        private final Clt<Msg> clt;
        private final Flavour flavour;
        private final LinkedBlockingQueue<Msg> handed = new LinkedBlockingQueue<>();

        Receiver(Clt<Msg> clt, Flavour flavour) {
            this.clt = clt;
            this.flavour = flavour;
            if (flavour == Flavour.ASYNC) {
                clt.onMessage((from, m) -> handed.add(m));
            }
        }

        Msg next() throws Exception {
            Msg m = switch (flavour) {
                case NON_BLOCKING -> clt.recv(PATIENCE);
                case BLOCKING -> clt.recvBlocking(PATIENCE);
                case ASYNC -> handed.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            };
            assertThat(m).as("a message within " + PATIENCE).isNotNull();
            return m;
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aBlockOfFramesSplitAtEveryBoundaryIsReassembled(Flavour flavour) throws Exception {
        Msg[] block = {new Msg(Msg.REQUEST, 1, "first"), new Msg(Msg.REQUEST, 2, ""), new Msg(Msg.REQUEST, 3, "third, a bit longer")};
        byte[] bytes = RawPeer.frames(block);
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]); Clt<Msg> clt = Clt.over(pair[1], config().build())) {
            Receiver receiver = new Receiver(clt, flavour);
            long written = 0;
            for (int split = 1; split < bytes.length; split++) {
                peer.write(bytes, 0, split);
                written += split;
                long sent = written;
                awaitTrue("the first " + split + " bytes read", () -> clt.stats().bytesIn() == sent);
                peer.write(bytes, split, bytes.length - split);
                written += bytes.length - split;
                for (Msg expected : block) {
                    assertThat(receiver.next()).as("split at " + split).isEqualTo(expected);
                }
            }
            assertThat(clt.stats().messagesIn()).isEqualTo(3L * (bytes.length - 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void framesWrittenOneByteAtATimeAreReassembled(Flavour flavour) throws Exception {
        Msg big = new Msg(Msg.REQUEST, 7, "x".repeat(700));
        Msg small = new Msg(Msg.PING, 8, "");
        byte[] bytes = RawPeer.frames(big, small, big);
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]); Clt<Msg> clt = Clt.over(pair[1], config().build())) {
            Receiver receiver = new Receiver(clt, flavour);
            for (int i = 0; i < bytes.length; i++) {
                peer.write(bytes, i, 1);
            }
            assertThat(receiver.next()).isEqualTo(big);
            assertThat(receiver.next()).isEqualTo(small);
            assertThat(receiver.next()).isEqualTo(big);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void framesNearTheMaximumSizeCrossManyReadsBothWays(Flavour flavour) throws Exception {
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (Clt<Msg> a = Clt.over(pair[0], config().build()); Clt<Msg> b = Clt.over(pair[1], config().build())) {
            Receiver receiver = new Receiver(b, flavour);
            List<Msg> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Msg m = new Msg(Msg.REQUEST, i, String.valueOf((char) ('a' + i % 26)).repeat(60_000 + i));
                sent.add(m);
                a.send(m);
            }
            for (Msg m : sent) {
                assertThat(receiver.next()).isEqualTo(m);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void framesOfAMegabyteGoThroughAReceiverThatPausesAndResumesReading(Flavour flavour) throws Exception {
        MessagingConfig<Msg> big = MessagingConfig.builder(new LengthPrefixTestFramer(1 << 20), MsgCodec::new)
                .maxQueuedBytes(8 << 20).build();
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (Clt<Msg> a = Clt.over(pair[0], big); Clt<Msg> b = Clt.over(pair[1], big)) {
            Receiver receiver = new Receiver(b, flavour);
            List<Msg> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Msg m = new Msg(Msg.REQUEST, i, String.valueOf((char) ('k' + i)).repeat((1 << 20) - 100 - i * 1000));
                sent.add(m);
                a.send(m);
                sent.add(Msg.request(100 + i)); // a small one between, so complete frames queue behind partial ones
                a.send(Msg.request(100 + i));
            }
            for (Msg m : sent) {
                assertThat(receiver.next()).isEqualTo(m);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aBacklogTheKernelTakesInPiecesLeavesInOrderInFewWrites() throws Exception {
        int messages = 20_000;
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]);
             Clt<Msg> clt = Clt.over(pair[1], config().maxQueuedBytes(16 << 20).build())) {
            for (int i = 0; i < messages; i++) {
                assertThat(clt.trySend(new Msg(Msg.REQUEST, i, "payload-" + i + "-".repeat(150)))).isTrue();
            }
            assertThat(clt.stats().queuedBytes()).as("the peer has not read yet: a backlog").isPositive();
            List<Msg> got = peer.readMessages(messages);
            for (int i = 0; i < messages; i++) {
                assertThat(got.get(i).id()).isEqualTo(i);
                assertThat(got.get(i).text()).startsWith("payload-" + i + "-");
            }
            awaitTrue("the queue drained", () -> clt.stats().queuedBytes() == 0);
            ConnectionStats s = clt.stats();
            assertThat(s.messagesOut()).isEqualTo(messages);
            assertThat(s.writeCalls()).as("queued messages leave together").isLessThan(messages / 4);
        }
    }
}
