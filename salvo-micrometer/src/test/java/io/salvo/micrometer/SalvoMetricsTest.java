package io.salvo.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.Poller;
import io.salvo.loop.ReceiveLoops;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SalvoMetrics over a real UDP pair on 127.0.0.1, read through Micrometer's SimpleMeterRegistry. */
class SalvoMetricsTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static double count(SimpleMeterRegistry r, String name, String transport, String... tags) {
        return r.get(name).tag(MeterNames.TRANSPORT, transport).tags(tags).functionCounter().count();
    }

    /** Sends {@code n} datagrams of {@code size} bytes from {@code tx} to {@code rx} and receives them all. */
    private static void exchange(UdpTransport tx, UdpTransport rx, int n, int size) throws Exception {
        try (PacketBatch out = PacketBatch.allocate(n, size, 0); PacketBatch in = PacketBatch.allocate(n, size, 0)) {
            for (int i = 0; i < n; i++) {
                out.add(new byte[size], rx.localAddress());
            }
            assertThat(tx.sendBatch(out)).isEqualTo(n);
            assertThat(ReceiveLoops.recvExact(rx, in, n, Duration.ofSeconds(20))).isEqualTo(n);
        }
    }

    @Test
    void theMetersReadTheTransportsOwnCountersByNameCauseAndKind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (UdpTransport tx = UdpTransport.bind(LOCAL); UdpTransport rx = UdpTransport.bind(LOCAL)) {
            SalvoMetrics metrics = new SalvoMetrics().register("out", tx).register("in", rx);
            metrics.bindTo(registry);
            exchange(tx, rx, 10, 100);
            // An IPv6 destination from an IPv4 socket: a drop with a cause of its own.
            SendStatus s = tx.send(DatagramBuffer.allocate(16, 0).writeInt(1),
                    new InetSocketAddress(InetAddress.getByName("::1"), 9));
            assertThat(s).isEqualTo(SendStatus.BAD_DESTINATION);

            assertThat(count(registry, MeterNames.DATAGRAMS_SENT, "out")).isEqualTo(10);
            assertThat(count(registry, MeterNames.BYTES_SENT, "out")).isEqualTo(1000);
            assertThat(count(registry, MeterNames.DATAGRAMS_RECEIVED, "in")).isEqualTo(10);
            assertThat(count(registry, MeterNames.BYTES_RECEIVED, "in")).isEqualTo(1000);
            assertThat(count(registry, MeterNames.SEND_CALLS, "out")).isEqualTo(tx.stats().sendCalls()).isPositive();
            assertThat(count(registry, MeterNames.RECEIVE_CALLS, "in")).isEqualTo(rx.stats().receiveCalls()).isPositive();
            assertThat(count(registry, MeterNames.DROPS, "out", MeterNames.CAUSE, "bad_destination")).isEqualTo(1);
            assertThat(registry.get(MeterNames.DROPS).tag(MeterNames.TRANSPORT, "in").functionCounters())
                    .as("a series per cause from the start").hasSize(DropCause.values().length)
                    .allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(registry.get(MeterNames.EVENTS).tag(MeterNames.TRANSPORT, "out").functionCounters())
                    .hasSize(TransportEvent.values().length);
            assertThat(registry.get(MeterNames.OPEN).tag(MeterNames.TRANSPORT, "out").gauge().value()).isEqualTo(1);

            tx.close();
            assertThat(registry.get(MeterNames.OPEN).tag(MeterNames.TRANSPORT, "out").gauge().value()).isZero();
            assertThat(count(registry, MeterNames.DATAGRAMS_SENT, "out")).as("the last count stays").isEqualTo(10);
        }
    }

    @Test
    void transportsRegisteredAfterBindingGetMetersAndUnregisteringRemovesThem() throws Exception {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.bindTo(first);
        try (UdpTransport tx = UdpTransport.bind(LOCAL); UdpTransport rx = UdpTransport.bind(LOCAL)) {
            metrics.register("late", tx);
            metrics.bindTo(second);
            exchange(tx, rx, 3, 10);
            assertThat(count(first, MeterNames.DATAGRAMS_SENT, "late")).isEqualTo(3);
            assertThat(count(second, MeterNames.DATAGRAMS_SENT, "late")).isEqualTo(3);

            metrics.unregister(tx);
            assertThat(first.find(MeterNames.DATAGRAMS_SENT).tag(MeterNames.TRANSPORT, "late").functionCounter()).isNull();
            assertThat(second.getMeters()).isEmpty();
            assertThat(metrics.names()).isEmpty();
        }
    }

    @Test
    void aNameBelongsToOneTransport() throws Exception {
        try (UdpTransport a = UdpTransport.bind(LOCAL); UdpTransport b = UdpTransport.bind(LOCAL)) {
            SalvoMetrics metrics = new SalvoMetrics().register("x", a).register("x", a);
            assertThatThrownBy(() -> metrics.register("x", b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'x' is taken");
            assertThatThrownBy(() -> metrics.register("y", a)).isInstanceOf(IllegalArgumentException.class);
            assertThat(metrics.names()).containsExactly("x");
        }
    }

    @Test
    void aPollersGaugeCountsWhatItServices() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Poller poller = Poller.start("metrics-test", LoopConfig.defaults());
             UdpTransport rx = UdpTransport.bind(LOCAL)) {
            new SalvoMetrics().register("io", poller).bindTo(registry);
            poller.register(rx, (batch, n) -> { });
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (poller.registered() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(1); // a registration from another thread is queued for the poller
            }
            assertThat(registry.get(MeterNames.POLLER_REGISTERED).tag(MeterNames.TRANSPORT, "io").gauge().value())
                    .isEqualTo(1);
        }
    }

    @Test
    void countersAreFunctionCountersThatReadLiveStatistics() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (UdpTransport tx = UdpTransport.bind(LOCAL); UdpTransport rx = UdpTransport.bind(LOCAL)) {
            new SalvoMetrics().register("live", tx).bindTo(registry);
            FunctionCounter sent = registry.get(MeterNames.DATAGRAMS_SENT).functionCounter();
            assertThat(sent.count()).isZero();
            exchange(tx, rx, 5, 10);
            assertThat(sent.count()).as("the same meter, read again").isEqualTo(5);
        }
    }
}
