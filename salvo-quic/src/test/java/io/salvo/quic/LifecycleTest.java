package io.salvo.quic;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {

    @Test
    void closingTheStreamerAndItsSendersLeavesNoThreadOfTheirsRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (LoopbackFixture f = new LoopbackFixture(QuicStreamerConfig.defaults())) {
            QuicSender sender = f.sender("10.0.14.1");
            sender.send(Packets.packet(0, 10));
            sender.close(Duration.ofSeconds(10));
            f.streamer.close();
            f.streamer.close(); // idempotent
        }
        boolean clean = Packets.await(() -> newThreads(before).isEmpty(), 30);
        assertThat(clean).as("threads left: %s", newThreads(before)).isTrue();
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                // Kwik's shared executor threads end on their own 60 s keep-alive; JDK/JUnit helpers are not ours.
                .map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("server connector shared executor"))
                .collect(Collectors.toSet());
    }
}
