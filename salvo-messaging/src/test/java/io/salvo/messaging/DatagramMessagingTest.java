package io.salvo.messaging;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.LinkConditions;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.loopback.ManualClock;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same Clt/Svc API over datagrams: the request/response protocol on the in-memory loopback
 * network and on native UDP, and what an impaired network does to messages, counted.
 */
class DatagramMessagingTest {

    enum Flavour { NON_BLOCKING, BLOCKING, ASYNC }

    enum Network { LOOPBACK, UDP }

    private record Ends(DatagramTransport server, DatagramTransport client) {
        static Ends open(Network network) throws IOException {
            if (network == Network.LOOPBACK) {
                LoopbackNetwork net = LoopbackNetwork.create();
                return new Ends(net.open(), net.open());
            }
            InetSocketAddress local = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
            return new Ends(UdpTransport.bind(local), UdpTransport.bind(local));
        }
    }

    private static Svc<Msg> answering(DatagramTransport transport) throws IOException {
        Svc<Msg> svc = Svc.overDatagrams(transport, config().name("udp-answers").build());
        svc.onMessage((from, request) -> from.trySend(Msg.response(request)));
        return svc;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void requestResponseOverTheLoopbackNetwork(Flavour flavour) throws Exception {
        requestResponse(Network.LOOPBACK, flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void requestResponseOverNativeUdp(Flavour flavour) throws Exception {
        requestResponse(Network.UDP, flavour);
    }

    private static void requestResponse(Network network, Flavour flavour) throws Exception {
        Ends ends = Ends.open(network);
        try (Svc<Msg> svc = answering(ends.server());
             Clt<Msg> c = Clt.overDatagrams(ends.client(), svc.localAddress(), config().build())) {
            for (long id = 0; id < 200; id++) {
                Msg answer = switch (flavour) {
                    case NON_BLOCKING -> {
                        assertThat(c.trySend(Msg.request(id))).isTrue();
                        yield c.recv(PATIENCE);
                    }
                    case BLOCKING -> {
                        c.send(Msg.request(id));
                        yield recvOrFail(c);
                    }
                    case ASYNC -> c.sendAsync(Msg.request(id)).thenCompose(v -> c.recvAsync())
                            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                };
                assertThat(answer).isEqualTo(Msg.response(Msg.request(id)));
            }
            ConnectionStats s = c.stats();
            assertThat(s.messagesOut()).isEqualTo(200);
            assertThat(s.messagesIn()).isEqualTo(200);
            assertThat(s.lost() + s.duplicates() + s.dropped()).isZero();
            assertThat(svc.stats().live()).isEqualTo(1);
        }
    }

    /**
     * Sends {@code count} one-way messages over an impaired link, then one over a perfect link, so
     * every gap is known. With a manual clock, every message leaves at the same instant and the
     * impairments (jitter included) do the same thing however fast or slow this machine is.
     */
    private static void sendThroughImpairedLink(LinkConditions impaired, int count, Svc<Msg> svc, Clt<Msg> c,
                                                LoopbackNetwork net, ManualClock clock) throws Exception {
        AtomicLong last = new AtomicLong(-1);
        svc.onMessage((from, m) -> last.set(m.id()));
        net.setDefaultLink(impaired);
        for (long id = 0; id < count; id++) {
            assertThat(c.trySend(Msg.request(id))).isTrue();
        }
        clock.advance(Duration.ofSeconds(1)); // everything impaired is due now
        awaitTrue("the impaired traffic landed", () -> net.stats().inFlight() == 0);
        net.setDefaultLink(LinkConditions.PERFECT);
        c.send(Msg.request(count));
        awaitTrue("the final message arrived", () -> last.get() == count);
    }

    @Test
    void lossIsCountedNotHidden() throws Exception {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().seed(7).clock(clock).build();
        try (Svc<Msg> svc = Svc.overDatagrams(net.open(), config().build());
             Clt<Msg> c = Clt.overDatagrams(net.open(), svc.localAddress(), config().build())) {
            sendThroughImpairedLink(LinkConditions.PERFECT.withLoss(0.2), 1000, svc, c, net, clock);
            long dropped = net.stats().dropped();
            assertThat(dropped).as("the link lost some").isBetween(100L, 300L);
            SvcStats s = svc.stats();
            assertThat(s.lost()).isEqualTo(dropped);
            assertThat(s.messagesIn()).isEqualTo(1001 - dropped);
        }
    }

    @Test
    void duplicatesAreCountedAndDroppedAndReorderedMessagesCountedLate() throws Exception {
        ManualClock clock = new ManualClock();
        LoopbackNetwork net = LoopbackNetwork.builder().seed(11).clock(clock).build();
        try (Svc<Msg> svc = Svc.overDatagrams(net.open(), config().build());
             Clt<Msg> c = Clt.overDatagrams(net.open(), svc.localAddress(), config().build())) {
            sendThroughImpairedLink(LinkConditions.PERFECT.withDuplication(0.25)
                    .withDelay(Duration.ofMillis(1), Duration.ofMillis(2)), 1000, svc, c, net, clock);
            ConnectionStats s = svc.connections().getFirst().stats();
            assertThat(s.duplicates()).isEqualTo(net.stats().duplicated()).isPositive();
            assertThat(s.messagesIn()).isEqualTo(1001);
            assertThat(s.late()).as("jitter reorders").isPositive();
            assertThat(s.lost()).as("every late one was found").isZero();
        }
    }

    @Test
    void aServiceAtItsPeerLimitDropsNewPeersAndCountsThem() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        try (Svc<Msg> svc = Svc.overDatagrams(net.open(), config().maxConnections(2).build())) {
            svc.onMessage((from, m) -> from.trySend(Msg.response(m)));
            try (Clt<Msg> a = Clt.overDatagrams(net.open(), svc.localAddress(), config().build());
                 Clt<Msg> b = Clt.overDatagrams(net.open(), svc.localAddress(), config().build());
                 Clt<Msg> third = Clt.overDatagrams(net.open(), svc.localAddress(), config().build())) {
                a.send(Msg.request(1));
                assertThat(recvOrFail(a).id()).isEqualTo(1);
                b.send(Msg.request(2));
                assertThat(recvOrFail(b).id()).isEqualTo(2);
                third.send(Msg.request(3));
                third.send(Msg.request(4));
                awaitTrue("two refused", () -> svc.stats().overCapacity() == 2);
                assertThat(third.recvBlocking(Duration.ofMillis(50))).isNull();
                assertThat(svc.stats().live()).isEqualTo(2);
            }
        }
    }

    @Test
    void aMessageLargerThanOneDatagramIsRefusedAtTheSender() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        try (Svc<Msg> svc = answering(net.open());
             Clt<Msg> c = Clt.overDatagrams(net.open(), svc.localAddress(), config().build())) {
            assertThatThrownBy(() -> c.trySend(new Msg(Msg.REQUEST, 1, "w".repeat(1500))))
                    .isInstanceOf(FramingException.class).hasMessageContaining("does not fit one datagram");
            c.send(Msg.request(2));
            assertThat(recvOrFail(c).id()).isEqualTo(2);
        }
    }

    @Test
    void aClientWithAHandlerIsServedByThePoller() throws Exception {
        LoopbackNetwork net = LoopbackNetwork.create();
        try (Svc<Msg> svc = answering(net.open());
             Clt<Msg> c = Clt.overDatagrams(net.open(), svc.localAddress(), config().build())) {
            CompletableFuture<Msg> got = new CompletableFuture<>();
            c.onMessage((from, m) -> got.complete(m));
            c.send(Msg.request(5));
            assertThat(got.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).id()).isEqualTo(5);
        }
    }
}
