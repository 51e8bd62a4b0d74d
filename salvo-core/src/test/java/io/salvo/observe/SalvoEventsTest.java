package io.salvo.observe;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.ReceiveLoops;
import io.salvo.packet.PacketBatch;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Records a flight recording around real traffic and reads Salvo's events back with jdk.jfr.consumer. */
class SalvoEventsTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void openCloseStatisticsGsoFallbackAndLoopStallAreRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("salvo.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("io.salvo.TransportOpened", "io.salvo.TransportClosed", "io.salvo.GsoFallback",
                    "io.salvo.LoopStall")) {
                recording.enable(name);
            }
            recording.enable("io.salvo.TransportStatistics").withPeriod(Duration.ofMillis(100));
            recording.start();

            UdpOptions nativeUdp = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build();
            try (UdpTransport rx = UdpTransport.bind(LOCAL, nativeUdp); UdpTransport tx = UdpTransport.bind(LOCAL, nativeUdp);
                 PacketBatch out = PacketBatch.allocate(2, 2000, 0)) {
                assumeTrue(tx.capabilities().gso(), "kernel without UDP GSO");
                out.add(new byte[1000], rx.localAddress());
                out.setSegmentSize(0, 4); // 250 segments: over the kernel's limit, refused with EINVAL
                assertThat(tx.sendBatch(out)).isEqualTo(250);

                LoopConfig config = LoopConfig.defaults();
                AtomicInteger seen = new AtomicInteger();
                Thread loop = Thread.ofPlatform().start(() -> ReceiveLoops.recvBatchLoop(rx, config, (batch, n) -> {
                    if (seen.getAndAdd(n) == 0) {
                        Thread.sleep(40); // a callback that holds the loop: a stall over the 10 ms threshold
                    }
                }));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (seen.get() < 250 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                config.stop().complete(null);
                loop.join(5_000);
                // Watch the periodic statistics live until the receiver's shows up: JFR's periodic thread
                // may finish its current wait (about a second) before it takes a new periodic event in.
                CountDownLatch statisticsSeen = new CountDownLatch(1);
                try (RecordingStream live = new RecordingStream()) {
                    live.enable("io.salvo.TransportStatistics").withPeriod(Duration.ofMillis(100));
                    live.onEvent("io.salvo.TransportStatistics", e -> {
                        if (e.getLong("datagramsReceived") == 250) {
                            statisticsSeen.countDown();
                        }
                    });
                    live.startAsync();
                    assertThat(statisticsSeen.await(30, TimeUnit.SECONDS)).as("the receiver's statistics event").isTrue();
                }
            }
            try (TcpListener listener = TcpListener.bind(LOCAL);
                 TcpTransport client = TcpTransport.connect(listener.localAddress(), Duration.ofSeconds(5))) {
                client.write(DatagramBuffer.allocate(16, 0).writeInt(7));
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(named(events, "io.salvo.TransportOpened")).as("two UDP sockets, a listener, a client")
                .hasSizeGreaterThanOrEqualTo(4)
                .anySatisfy(e -> assertThat(e.getString("capabilities")).contains("native-udp"));
        assertThat(named(events, "io.salvo.TransportClosed")).hasSizeGreaterThanOrEqualTo(4)
                .anySatisfy(e -> assertThat(e.getString("statistics")).contains("sent 250 dgrams"));
        assertThat(named(events, "io.salvo.TransportStatistics"))
                .anySatisfy(e -> assertThat(e.getLong("datagramsReceived")).isEqualTo(250));
        assertThat(named(events, "io.salvo.GsoFallback")).singleElement().satisfies(e -> {
            assertThat(e.getString("error")).isEqualTo("EINVAL");
            assertThat(e.getInt("datagrams")).isEqualTo(250);
            assertThat(e.getBoolean("automatic")).isFalse();
        });
        assertThat(named(events, "io.salvo.LoopStall")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getLong("callbackNanos")).isGreaterThanOrEqualTo(10_000_000L));
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
