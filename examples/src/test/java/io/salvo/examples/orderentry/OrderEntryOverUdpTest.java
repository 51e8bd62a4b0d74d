package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Side;
import io.salvo.messaging.CloseCause;
import io.salvo.messaging.ConnectionClosedException;
import io.salvo.messaging.ConnectionStats;
import io.salvo.messaging.MessagingPoller;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.salvo.examples.orderentry.Sessions.ANY_LOCAL_PORT;
import static io.salvo.examples.orderentry.Sessions.PATIENCE;
import static io.salvo.examples.orderentry.Sessions.alice;
import static io.salvo.examples.orderentry.Sessions.awaitTrue;
import static io.salvo.examples.orderentry.Sessions.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same protocol, the same classes, over native UDP on loopback: one message per datagram, a
 * session per peer address, logins and heartbeats as over TCP. Loopback does not lose datagrams
 * at this pace, so every answer is expected, and the stats must say nothing was lost.
 */
class OrderEntryOverUdpTest {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aTradingSessionGetsEveryKindOfAnswer(Flavour flavour) throws Exception {
        try (OrderEntryServer server = OrderEntryServer.udp(UdpTransport.bind(ANY_LOCAL_PORT), exchange().build());
             OrderEntryClient alice = OrderEntryClient.udp(UdpTransport.bind(ANY_LOCAL_PORT), server.localAddress(),
                     alice().build())) {
            int live = Conversation.run(alice, flavour, 1, 50);
            assertThat(server.liveOrders()).isEqualTo(live);
            assertThat(server.ordersRefusedByValidation()).isEqualTo(4);
            ConnectionStats s = alice.connection().stats();
            assertThat(s.lost() + s.duplicates() + s.dropped()).isZero();
            assertThat(server.stats().lost()).isZero();
        }
    }

    @Test
    void aCallbackTraderIsServedByItsPoller() throws Exception {
        try (MessagingPoller poller = MessagingPoller.start("udp-traders");
             OrderEntryServer server = OrderEntryServer.udp(UdpTransport.bind(ANY_LOCAL_PORT), exchange().build());
             OrderEntryClient alice = OrderEntryClient.udp(UdpTransport.bind(ANY_LOCAL_PORT), server.localAddress(),
                     alice().poller(poller).build())) {
            CompletableFuture<OrderEntry> answer = new CompletableFuture<>();
            alice.connection().onMessage((from, m) -> answer.complete(m));
            alice.connection().send(new NewOrder(5, "ACME", Side.BUY, 10, 10));
            assertThat(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ack(5, 1));
        }
    }

    @Test
    void aWrongPasswordFailsTheLoginOverUdpToo() throws Exception {
        try (OrderEntryServer server = OrderEntryServer.udp(UdpTransport.bind(ANY_LOCAL_PORT), exchange().build())) {
            assertThatThrownBy(() -> OrderEntryClient.udp(UdpTransport.bind(ANY_LOCAL_PORT), server.localAddress(),
                    OrderEntryProtocol.trader("mallory", "guess").build()))
                    .isInstanceOf(ConnectionClosedException.class)
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).closeCause())
                            .isEqualTo(CloseCause.HANDSHAKE_REJECTED));
            awaitTrue("the refusal counted", () -> server.stats().closed(CloseCause.HANDSHAKE_REJECTED) == 1);
        }
    }
}
