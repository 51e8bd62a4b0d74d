package io.salvo.messaging;

import io.salvo.stream.unix.UnixStreamTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol's messages are handled by the poller even while the application does not receive,
 * and a flyweight the application holds stays valid until its next receive meanwhile.
 */
class ScreeningAndFlyweightTest {

    @Test
    void pingsToAnApplicationThatNeverReceivesAreStillAnswered() throws Exception {
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]);
             Clt<Msg> sendOnly = Clt.over(pair[1], config().hooks(new TestHooks(null)).build())) {
            for (int i = 0; i < 1000; i++) {
                peer.write(RawPeer.frames(new Msg(Msg.PING, i, "are you there"), new Msg(Msg.HEARTBEAT, 0, "")));
            }
            List<Msg> pongs = peer.readMessages(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(pongs.get(i)).isEqualTo(new Msg(Msg.PONG, i, "are you there"));
            }
            awaitTrue("every heartbeat seen", () -> sendOnly.stats().heartbeatsIn() == 1000);
            assertThat(sendOnly.stats().autoReplied()).isEqualTo(1000);
            assertThat(sendOnly.stats().messagesIn()).isEqualTo(2000);
            assertThat(sendOnly.tryRecv()).isNull();
        }
    }

    @Test
    void aHeldFlyweightSurvivesProtocolTrafficBehindItUntilTheNextReceive() throws Exception {
        MessagingConfig<MsgView> config = MessagingConfig.builder(new LengthPrefixTestFramer(4096), MsgView.Codec::new)
                .hooks(new MsgView.Hooks()).build();
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]); Clt<MsgView> clt = Clt.over(pair[1], config)) {
            peer.write(RawPeer.frames(new Msg(Msg.REQUEST, 1, "held"), new Msg(Msg.REQUEST, 2, "next")));
            MsgView held = clt.recvBlocking(PATIENCE);
            assertThat(held.copy()).isEqualTo(new Msg(Msg.REQUEST, 1, "held"));
            // Protocol traffic behind an application message waits its turn: order is kept.
            peer.write(RawPeer.frames(new Msg(Msg.PING, 3, ""), new Msg(Msg.HEARTBEAT, 0, "")));
            awaitTrue("the poller read it", () -> clt.stats().bytesIn() == 4 * (4 + 9) + 8);
            assertThat(held.copy()).as("still the first message").isEqualTo(new Msg(Msg.REQUEST, 1, "held"));

            MsgView next = clt.recvBlocking(PATIENCE);
            assertThat(next.copy()).isEqualTo(new Msg(Msg.REQUEST, 2, "next"));
            assertThat(peer.readMessages(1)).containsExactly(new Msg(Msg.PONG, 3, ""));
            // Now PINGs arrive while "next" is held: the poller answers them and removes them behind it.
            List<Msg> pings = new ArrayList<>();
            for (int i = 10; i < 60; i++) {
                pings.add(new Msg(Msg.PING, i, ""));
            }
            peer.write(RawPeer.frames(pings.toArray(Msg[]::new)));
            assertThat(peer.readMessages(50)).hasSize(50);
            assertThat(next.copy()).as("untouched by the frames removed behind it")
                    .isEqualTo(new Msg(Msg.REQUEST, 2, "next"));
            assertThat(clt.recv(Duration.ofMillis(10))).isNull();
            assertThat(clt.stats().autoReplied()).isEqualTo(51);
        }
    }
}
