package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP reports' JSON, for any result: it carries exactly the keys docs/salvo-perf.md documents
 * for it, with their types (the one-process and client report, the TCP server's report, and
 * latency's), and the one-process report reads back to what its text summary prints.
 */
class TcpReportProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 200)
    void tcpJsonHasEveryDocumentedKeyWithItsTypeAndNoOther(@ForAll("results") TcpResult r) throws Exception {
        JsonSchemaDoc.assertFollows(MAPPER.readTree(r.json()), JsonSchemaDoc.TCP);
    }

    @Property(tries = 200)
    void tcpServerJsonHasEveryDocumentedKeyWithItsTypeAndNoOther(@ForAll("serverReports") TcpServerReport r) throws Exception {
        JsonSchemaDoc.assertFollows(MAPPER.readTree(r.json()), JsonSchemaDoc.TCP_SERVER);
    }

    @Property(tries = 100)
    void latencyJsonHasEveryDocumentedKeyWithItsTypeAndNoOther(@ForAll("latencies") LatencyResult r) throws Exception {
        JsonNode j = MAPPER.readTree(r.json());
        JsonSchemaDoc.assertFollows(j, JsonSchemaDoc.LATENCY);
        if (r.samples() > 0) {
            assertThat(j.get("rtt_p50_us").doubleValue()).isLessThanOrEqualTo(j.get("rtt_p99_us").doubleValue())
                    .isLessThanOrEqualTo(j.get("rtt_max_us").doubleValue());
        }
    }

    @Property(tries = 200)
    void tcpJsonReadsBackToWhatTheSummaryPrints(@ForAll("results") TcpResult r) throws Exception {
        JsonNode j = MAPPER.readTree(r.json());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.printSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        SummaryText t = new SummaryText(bytes.toString(StandardCharsets.UTF_8));
        JsonNode m = j.get("messages");

        assertThat(t.row("protocol")).isEqualTo("tcp, framing " + j.get("framing").asText());
        assertThat(t.row("transport")).isEqualTo(j.get("transport").asText() + " (" + j.get("capabilities").asText() + ")");
        String[] settings = t.match("settings", "size ([0-9,]+) B, batch ([0-9,]+) frames per write, connections (\\d+), (IPv4|IPv6)");
        assertThat(SummaryText.count(settings[0])).isEqualTo(j.get("size").asLong());
        assertThat(SummaryText.count(settings[1])).isEqualTo(j.get("batch").asLong());
        assertThat(Long.parseLong(settings[2])).isEqualTo(j.get("sockets").asLong());
        assertThat(settings[3].equals("IPv6")).isEqualTo(j.get("ipv6").asBoolean());
        String[] measured = t.match("measured", "([0-9.]+) s of sending, after ([0-9.]+) s of warm-up");
        SummaryText.assertPrintedAs(j.get("duration_s").doubleValue(), measured[0], "duration");
        SummaryText.assertPrintedAs(j.get("warmup_s").doubleValue(), measured[1], "warm-up");
        String[] sent = t.match("sent", "([0-9,]+) messages, (.+)msg/s, ([0-9.]+) Gbit/s");
        assertThat(SummaryText.count(sent[0])).isEqualTo(m.get("sent").asLong());
        SummaryText.assertRatePrintedAs(j.get("sent_messages_per_s").doubleValue(), sent[1], "sent_messages_per_s");
        SummaryText.assertPrintedAs(j.get("sent_gbps").doubleValue(), sent[2], "sent_gbps");
        String[] received = t.match("received", "([0-9,]+) messages, (.+)msg/s, ([0-9.]+) Gbit/s");
        assertThat(SummaryText.count(received[0])).isEqualTo(m.get("received").asLong());
        SummaryText.assertRatePrintedAs(j.get("received_messages_per_s").doubleValue(), received[1], "received_messages_per_s");
        SummaryText.assertPrintedAs(j.get("received_gbps").doubleValue(), received[2], "received_gbps");
        assertThat(t.row("balance")).isEqualTo(j.get("balance").asText());
        String[] balance = t.match("balance", "([0-9,]+) sent = ([0-9,]+) received \\+ (-?[0-9,]+) lost");
        assertThat(SummaryText.count(balance[2])).isEqualTo(m.get("lost").asLong())
                .isEqualTo(m.get("sent").asLong() - m.get("received").asLong());
        String[] c = t.match("connections", "(\\d+) opened, (\\d+) broken(.*)");
        assertThat(Long.parseLong(c[0])).isEqualTo(j.get("connections").get("opened").asLong());
        assertThat(Long.parseLong(c[1])).isEqualTo(j.get("connections").get("broken").asLong());
        assertThat(c[2].isEmpty()).isEqualTo(j.get("connections").get("first_failure").isNull());
        assertThat(SummaryText.count(t.match("out of sequence", "([0-9,]+) \\(.*")[0])).isEqualTo(m.get("out_of_sequence").asLong());
        assertThat(SummaryText.count(t.match("unrecognised", "([0-9,]+) \\(.*")[0])).isEqualTo(m.get("unrecognised").asLong());
        SummaryText.assertPrintedAs(j.get("messages_per_write_call").doubleValue(), t.row("messages per write call"),
                "messages per write call");
        assertThat(SummaryText.count(t.match("send buffer full", "([0-9,]+) writes .*")[0])).isEqualTo(j.get("writes_full").asLong());
        assertCost(t.row("sender CPU"), "ns per message", j.get("sender_cpu_ns_per_message"));
        assertCost(t.row("receiver CPU"), "ns per message", j.get("receiver_cpu_ns_per_message"));
        assertCost(t.row("allocated on I/O threads"), "bytes per message", j.get("allocated_bytes_per_message"));
        JsonNode rtt = j.get("rtt_us");
        if (rtt.get("samples").asLong() == 0) {
            assertThat(t.row("round trip")).isEqualTo("no samples");
        } else {
            String[] p = t.match("round trip",
                    "p50 ([0-9.]+) us, p99 ([0-9.]+) us, p99.9 ([0-9.]+) us, max ([0-9.]+) us \\(([0-9,]+) samples\\)");
            SummaryText.assertPrintedAs(rtt.get("p50").doubleValue(), p[0], "p50");
            SummaryText.assertPrintedAs(rtt.get("p99").doubleValue(), p[1], "p99");
            SummaryText.assertPrintedAs(rtt.get("p999").doubleValue(), p[2], "p99.9");
            SummaryText.assertPrintedAs(rtt.get("max").doubleValue(), p[3], "max");
            assertThat(SummaryText.count(p[4])).isEqualTo(rtt.get("samples").asLong());
        }
    }

    private static void assertCost(String printed, String unit, JsonNode json) {
        if (json.isNull()) {
            assertThat(printed).isEqualTo("n/a");
        } else {
            assertThat(printed).endsWith(" " + unit);
            SummaryText.assertPrintedAs(json.doubleValue(), printed.substring(0, printed.indexOf(' ')), unit);
        }
    }

    // ------------------------------------------------------------------ random results

    @Provide
    Arbitrary<TcpResult> results() {
        Arbitrary<TcpResult.Setup> setups = Combinators.combine(Arbitraries.of("native", "nio"), text(),
                Arbitraries.integers().between(9, 16 << 20), Arbitraries.integers().between(1, 1 << 20),
                Arbitraries.integers().between(1, 64), Arbitraries.of(true, false))
                .as((transport, caps, size, batch, sockets, ipv6) ->
                        new TcpResult.Setup(transport, caps, "length32", size, batch, sockets, ipv6));
        Arbitrary<TcpResult.Messages> messages = Combinators.combine(counts(), share(), counts(), counts())
                .as((sent, got, ooo, unrec) -> new TcpResult.Messages(sent, Math.round(sent * got), ooo, unrec));
        Arbitrary<TcpResult.Connections> connections = Combinators.combine(Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(0, 64), text().injectNull(0.5))
                .as((opened, broken, failure) -> new TcpResult.Connections(opened, Math.min(opened, broken),
                        broken == 0 ? null : failure));
        Arbitrary<TcpResult.Costs> costs = Combinators.combine(figure(), figure(), figure()).as(TcpResult.Costs::new);
        return Combinators.combine(setups, seconds(), seconds(), messages, connections, counts(), counts(), costs)
                .flatAs((s, w, d, m, c, calls, full, cost) -> rtts().map(rtt ->
                        new TcpResult(s, w, d, m, c, calls, full, cost, rtt)));
    }

    @Provide
    Arbitrary<TcpServerReport> serverReports() {
        Arbitrary<ServerTest.Counts> counts = Combinators.combine(counts(), counts(), counts(), counts())
                .as((frames, bytes, ooo, unrec) -> new ServerTest.Counts(frames, bytes, ooo, unrec, 0));
        return Combinators.combine(Arbitraries.of("native", "nio"), text(), Arbitraries.integers().between(0, 64),
                text().injectNull(0.5), seconds(), Arbitraries.oneOf(seconds(), Arbitraries.just(0.0)),
                Arbitraries.of("connections closed", "--seconds", "--exit-after", "connections closed during the warm-up"),
                counts).flatAs((transport, caps, n, failure, w, d, end, received) -> figure().map(cpu ->
                new TcpServerReport(new TcpServerReport.Setup(transport, caps, "127.0.0.1:4433"), n, failure == null ? 0 : 1,
                        failure, w, d, end, received, cpu)));
    }

    @Provide
    Arbitrary<LatencyResult> latencies() {
        Arbitrary<Histogram> histograms = Arbitraries.longs().between(1, 10_000_000_000L).list().ofMaxSize(50).map(values -> {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            values.forEach(h::recordValue);
            return h;
        });
        return Combinators.combine(Arbitraries.of("tcp", "udp", "unix"), Arbitraries.integers().between(9, 65_507),
                Arbitraries.longs().between(0, 1_000_000), Arbitraries.longs().between(1, 1_000_000),
                Arbitraries.of("spin", "block"), histograms, counts(), Arbitraries.oneOf(seconds(), Arbitraries.just(0.0)))
                .as((protocol, size, warmup, count, idle, h, timeouts, elapsed) -> LatencyResult.of(protocol,
                        protocol.equals("udp") ? null : "length32", "native", "127.0.0.1:7000", size, warmup, count, idle, h,
                        protocol.equals("udp") ? timeouts : 0, elapsed));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '✓').ofMaxLength(60);
    }

    private static Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(1e-3, 86_400).ofScale(9), Arbitraries.of(1.0, 1.5, 2.0, 0.25));
    }

    private static Arbitrary<Double> share() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1).ofScale(9), Arbitraries.of(0.0, 1.0));
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000_000L), Arbitraries.of(0L, 1L, 1_000_000L));
    }

    private static Arbitrary<Double> figure() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1e6).ofScale(9), Arbitraries.of(0.0, 1e-4, 100.0),
                Arbitraries.just(Double.NaN));
    }

    private static Arbitrary<TcpResult.Rtt> rtts() {
        Arbitrary<Double> micros = Arbitraries.doubles().between(0, 1e7).ofScale(3);
        return Combinators.combine(Arbitraries.longs().between(0, 200_000), micros, micros, micros, micros).as((n, a, b, c, d) -> {
            if (n == 0) {
                return new TcpResult.Rtt(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] p = {a, b, c, d};
            java.util.Arrays.sort(p);
            return new TcpResult.Rtt(n, p[0], p[1], p[2], p[3]);
        });
    }
}
