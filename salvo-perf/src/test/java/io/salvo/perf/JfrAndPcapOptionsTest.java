package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.testing.pcapng.PcapngReader;
import io.salvo.testing.pcapng.PcapngReader.Packet;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --jfr FILE} and {@code --pcap FILE}: a short run writes a flight recording that
 * {@code jdk.jfr.consumer} reads back with Salvo's events in it, and a pcapng capture of every
 * datagram sent and received that an independent reader (and tshark, when installed) parses, cut
 * at {@code --pcap-snap}. Neither changes the report.
 */
class JfrAndPcapOptionsTest extends CommandHarness {

    private static List<RecordedEvent> salvoEvents(Path jfr, String name) throws Exception {
        return RecordingFile.readAllEvents(jfr).stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void aRunInOneProcessWritesARecordingAndACaptureOfEveryDatagram(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("run.jfr");
        Path pcap = dir.resolve("run.pcapng");
        int code = SalvoPerf.execute("--duration", "1.5", "--warmup", "0", "--rate", "2000", "--size", "300",
                "--json", "--jfr", jfr.toString(), "--pcap", pcap.toString(), "--pcap-snap", "64");
        assertThat(code).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        JsonNode d = json.get("datagrams");
        assertThat(d.get("sent").asLong()).isPositive().isEqualTo(d.get("unique_received").asLong() + d.get("lost").asLong());
        assertThat(stderr()).contains("JFR recording in " + jfr, "datagrams captured in " + pcap);

        List<RecordedEvent> opened = salvoEvents(jfr, "io.salvo.TransportOpened");
        List<RecordedEvent> closed = salvoEvents(jfr, "io.salvo.TransportClosed");
        assertThat(opened).as("receiver, sender, and the round-trip pair").hasSizeGreaterThanOrEqualTo(4);
        assertThat(closed).hasSameSizeAs(opened);
        assertThat(closed).as("the receiver's last counters").anySatisfy(e ->
                assertThat(e.getString("statistics")).containsPattern("received [1-9][0-9]* dgrams"));
        // The statistics event is on; whether a period ended within this short run depends on when
        // JFR's periodic thread took it in (up to a second late), so its presence is not asserted.
        try (RecordingFile file = new RecordingFile(jfr)) {
            assertThat(file.readEventTypes()).extracting(t -> t.getName()).contains("io.salvo.TransportStatistics");
        }
        assertThat(salvoEvents(jfr, "io.salvo.TransportStatistics"))
                .allSatisfy(e -> assertThat(e.getString("transport")).isNotBlank());
        assertThat(RecordingFile.readAllEvents(jfr)).as("the JDK's default events too")
                .anySatisfy(e -> assertThat(e.getEventType().getName()).startsWith("jdk."));

        List<Packet> packets = PcapngReader.read(pcap);
        long sentAll = d.get("sent").asLong(); // with no warm-up, the window is (almost) every datagram
        assertThat((long) packets.size()).as("each datagram captured as sent and as received")
                .isGreaterThanOrEqualTo(2 * sentAll);
        assertThat(packets).allSatisfy(p -> {
            assertThat(p.linkType()).isEqualTo(101);
            assertThat(p.ipVersion()).isEqualTo(4);
            assertThat(p.protocol()).isEqualTo(17);
            assertThat(p.payload()).as("cut at --pcap-snap").hasSize(64);
            assertThat(p.originalLength()).isEqualTo(20 + 8 + 300);
        });
        int tshark = PcapngReader.tsharkCount(pcap);
        if (tshark >= 0) {
            assertThat(tshark).isEqualTo(packets.size());
        }
    }

    @Test
    void serverAndClientEachWriteTheirOwnFiles(@TempDir Path dir) throws Exception {
        Path serverJfr = dir.resolve("server.jfr");
        Path serverPcap = dir.resolve("server.pcapng");
        Path clientPcap = dir.resolve("client.pcapng");
        int port = freeUdpPort();
        Background server = serve("127.0.0.1:" + port, "server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--jfr", serverJfr.toString(), "--pcap", serverPcap.toString());
        int code = SalvoPerf.execute("client", "--host", "127.0.0.1", "--port", String.valueOf(port), "--duration", "1",
                "--warmup", "0", "--rate", "1000", "--size", "100", "--json", "--pcap", clientPcap.toString());
        assertThat(code).as(stderr()).isZero();
        assertThat(server.stop()).isZero();

        // A recording is the whole JVM's: here the client's sockets, in the same process, are in it too.
        String serverSocket = "127.0.0.1:" + port + "]";
        assertThat(salvoEvents(serverJfr, "io.salvo.TransportOpened"))
                .anySatisfy(e -> assertThat(e.getString("transport")).endsWith(serverSocket));
        assertThat(salvoEvents(serverJfr, "io.salvo.TransportClosed"))
                .anySatisfy(e -> assertThat(e.getString("transport")).endsWith(serverSocket));
        List<Packet> atServer = PcapngReader.read(serverPcap);
        List<Packet> atClient = PcapngReader.read(clientPcap);
        assertThat(atServer).isNotEmpty().allSatisfy(p -> assertThat(List.of(p.sourcePort(), p.destinationPort())).contains(port));
        assertThat(atClient).isNotEmpty().allSatisfy(p -> assertThat(List.of(p.sourcePort(), p.destinationPort())).contains(port));
        assertThat(atServer.stream().filter(p -> p.destinationPort() == port).count())
                .as("the server captured what the client captured sending to it, on a lossless loopback or less")
                .isLessThanOrEqualTo(atClient.stream().filter(p -> p.destinationPort() == port).count())
                .isPositive();
        assertThat(Files.size(serverJfr)).isPositive();
    }

    @Test
    void aCaptureOfTcpIsRefused() {
        int code = SalvoPerf.execute("--protocol", "tcp", "--pcap", "x.pcapng");
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("--pcap captures datagrams: UDP only");
    }

    @Test
    void aSnapLengthOutOfRangeIsRefused() {
        int code = SalvoPerf.execute("--pcap", "x.pcapng", "--pcap-snap", "70000");
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("--pcap-snap must be between 0 and 65535, got 70000");
    }
}
