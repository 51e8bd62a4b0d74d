package io.salvo.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.loop.ReceiveLoops;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus example of docs/operations.md, run: its scrape text shows Salvo's meters. */
class PrometheusExampleTest {

    @Test
    void theScrapeShowsEveryKindOfSalvoMeter() throws Exception {
        try (UdpTransport receiver = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
             UdpTransport sender = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0))) {
            // --- as in docs/operations.md ---
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SalvoMetrics metrics = new SalvoMetrics()
                    .register("quotes-in", receiver)
                    .register("orders-out", sender);
            metrics.bindTo(prometheus);
            // ... serve prometheus.scrape() as text/plain on /metrics with the HTTP server you have
            // ---
            try (PacketBatch out = PacketBatch.allocate(3, 64, 0); PacketBatch in = PacketBatch.allocate(3, 64, 0)) {
                for (int i = 0; i < 3; i++) {
                    out.add(new byte[64], receiver.localAddress());
                }
                assertThat(sender.sendBatch(out)).isEqualTo(3);
                assertThat(ReceiveLoops.recvExact(receiver, in, 3, Duration.ofSeconds(20))).isEqualTo(3);
            }
            String scrape = prometheus.scrape();
            assertThat(scrape).contains(
                    "salvo_datagrams_sent_total{transport=\"orders-out\"} 3",
                    "salvo_datagrams_received_total{transport=\"quotes-in\"} 3",
                    "salvo_sent_bytes_total{transport=\"orders-out\"} 192",
                    "salvo_received_bytes_total{transport=\"quotes-in\"} 192",
                    "salvo_drops_total{cause=\"kernel_receive_overflow\",transport=\"quotes-in\"} 0",
                    "salvo_events_total{kind=\"gso_fallback\",transport=\"orders-out\"} 0",
                    "salvo_send_calls_total{transport=\"orders-out\"}",
                    "salvo_transport_open{transport=\"quotes-in\"} 1");
        }
    }

    /** Datagram and stream transports share the byte and call meters' names: one family each in the scrape. */
    @Test
    void streamAndDatagramTransportsShareTheirMeterNamesInOneScrape() throws Exception {
        try (UdpTransport udp = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
             TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
             TcpTransport client = TcpTransport.connect(listener.localAddress(), Duration.ofSeconds(10))) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new SalvoMetrics().register("datagrams", udp).register("orders-tcp", client).bindTo(prometheus);
            assertThat(client.write(DatagramBuffer.allocate(16, 0).writeLong(1).writeLong(2))).isEqualTo(16);
            String scrape = prometheus.scrape();
            assertThat(scrape).contains(
                    "salvo_sent_bytes_total{transport=\"orders-tcp\"} 16",
                    "salvo_sent_bytes_total{transport=\"datagrams\"} 0",
                    "salvo_stream_failures_total{cause=\"reset\",transport=\"orders-tcp\"} 0",
                    "salvo_transport_open{transport=\"orders-tcp\"} 1");
            assertThat(scrape.lines().filter(l -> l.startsWith("# TYPE salvo_sent_bytes_total"))).hasSize(1);
        }
    }
}
