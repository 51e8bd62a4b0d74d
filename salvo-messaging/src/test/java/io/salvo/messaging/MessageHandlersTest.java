package io.salvo.messaging;

import io.salvo.stream.unix.UnixStreamTransport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static org.assertj.core.api.Assertions.assertThat;

/** The ready-made handlers: logging, counting and chaining, with a lambda in the chain. */
class MessageHandlersTest {

    /** A logger that keeps its lines. */
    private static final class Capture implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }
    }

    @Test
    void aChainLogsCountsAndCallsTheApplicationForEveryMessageAndTheClose() throws Exception {
        Capture log = new Capture();
        MessageHandlers.Counting<Msg> counting = MessageHandlers.counting();
        List<Long> seen = new CopyOnWriteArrayList<>();
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        try (RawPeer peer = new RawPeer(pair[0]); Clt<Msg> clt = Clt.over(pair[1], config().build())) {
            clt.onMessage(MessageHandlers.chain(MessageHandlers.logging(log, System.Logger.Level.INFO), counting,
                    (from, m) -> seen.add(m.id())));
            peer.write(RawPeer.frames(Msg.request(1), Msg.request(2)));
            peer.close();
            awaitTrue("the close handed over", () -> counting.closes() == 1);
            assertThat(counting.messages()).isEqualTo(2);
            assertThat(seen).containsExactly(1L, 2L);
            assertThat(log.lines).hasSize(3);
            assertThat(log.lines.get(0)).contains("<- Msg[type=1, id=1, text=q1]");
            assertThat(log.lines.get(2)).contains("closed").contains("PEER_CLOSED");
        }
    }
}
