package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.Arrivals;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's report reaches the client field for field, and nothing shorter passes for one. */
class ServerReportTest {

    @Test
    void aReportReadsBackAsWritten() {
        ServerReport sent = new ServerReport(1_000_003, new Arrivals(990_000, 1_234, 5_678, 9, 2), 123_456_789_012L);
        DatagramBuffer wire = DatagramBuffer.allocate(ServerReport.BYTES, 0);
        sent.writeTo(wire);
        assertThat(wire.length()).isEqualTo(ServerReport.BYTES);
        assertThat(ServerReport.isReply(wire)).isTrue();
        assertThat(ServerReport.readFrom(wire)).isEqualTo(sent);
    }

    @Test
    void aShortOrOtherDatagramIsNoReport() {
        DatagramBuffer shortOne = DatagramBuffer.allocate(64, 0).writeByte(Wire.REPORT_REPLY).writeLong(1);
        DatagramBuffer other = DatagramBuffer.allocate(64, 0).writeByte(Wire.PING).writeBytes(new byte[ServerReport.BYTES]);
        assertThat(ServerReport.isReply(shortOne)).isFalse();
        assertThat(ServerReport.isReply(other)).isFalse();
    }
}
