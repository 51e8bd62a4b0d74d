package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.perf.sequence.Arrivals;
import io.salvo.perf.sequence.Tally;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;
import io.salvo.transport.loopback.NetworkStats;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any result, the JSON reads back to the figures the text summary prints (to the precision it
 * prints them), and carries every key docs/salvo-perf.md documents, with the documented type, and
 * no other.
 */
class ReportProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 300)
    void jsonReadsBackToWhatTheSummaryPrints(@ForAll("results") PerfResult r) throws Exception {
        JsonNode j = MAPPER.readTree(JsonReport.write(r));
        SummaryText t = summary(r);
        JsonNode d = j.get("datagrams");

        assertThat(t.row("transport")).isEqualTo(j.get("transport").asText() + " (" + j.get("capabilities").asText() + ")");
        String[] settings = t.match("settings", "size ([0-9,]+) B, batch (\\d+), gso (on|off), gro (on|off), sockets (\\d+), (IPv4|IPv6)");
        assertThat(SummaryText.count(settings[0])).isEqualTo(j.get("size").asLong());
        assertThat(Long.parseLong(settings[1])).isEqualTo(j.get("batch").asLong());
        assertThat(settings[2].equals("on")).isEqualTo(j.get("gso").asBoolean());
        assertThat(settings[3].equals("on")).isEqualTo(j.get("gro").asBoolean());
        assertThat(Long.parseLong(settings[4])).isEqualTo(j.get("sockets").asLong());
        assertThat(settings[5].equals("IPv6")).isEqualTo(j.get("ipv6").asBoolean());
        JsonNode imp = j.get("impairments");
        assertThat(t.has("impairments")).isEqualTo(!imp.isNull());
        if (!imp.isNull()) {
            String[] i = t.match("impairments", "loss ([0-9.]+)%, duplicate ([0-9.]+)%, reorder ([0-9.]+)% \\(distance (\\d+)\\), seed (-?\\d+)");
            SummaryText.assertPrintedAs(imp.get("loss_pct").doubleValue(), i[0], "loss");
            SummaryText.assertPrintedAs(imp.get("duplicate_pct").doubleValue(), i[1], "duplicate");
            SummaryText.assertPrintedAs(imp.get("reorder_pct").doubleValue(), i[2], "reorder");
            assertThat(Long.parseLong(i[3])).isEqualTo(imp.get("reorder_distance").asLong());
            assertThat(Long.parseLong(i[4])).isEqualTo(imp.get("seed").asLong());
        }
        String[] measured = t.match("measured", "([0-9.]+) s of sending, after ([0-9.]+) s of warm-up");
        SummaryText.assertPrintedAs(j.get("duration_s").doubleValue(), measured[0], "duration");
        SummaryText.assertPrintedAs(j.get("warmup_s").doubleValue(), measured[1], "warm-up");

        String[] sent = t.match("sent", "([0-9,]+) datagrams, (.+)dgram/s, ([0-9.]+) Gbit/s");
        assertThat(SummaryText.count(sent[0])).isEqualTo(d.get("sent").asLong());
        SummaryText.assertRatePrintedAs(j.get("sent_pps").doubleValue(), sent[1], "sent_pps");
        SummaryText.assertPrintedAs(j.get("sent_gbps").doubleValue(), sent[2], "sent_gbps");
        String[] received = t.match("received", "([0-9,]+) unique datagrams, (.+)dgram/s, ([0-9.]+) Gbit/s");
        assertThat(SummaryText.count(received[0])).isEqualTo(d.get("unique_received").asLong());
        SummaryText.assertRatePrintedAs(j.get("received_pps").doubleValue(), received[1], "received_pps");
        SummaryText.assertPrintedAs(j.get("received_gbps").doubleValue(), received[2], "received_gbps");

        assertThat(t.row("balance")).isEqualTo(j.get("balance").asText());
        String[] balance = t.match("balance", "([0-9,]+) sent = ([0-9,]+) unique received \\+ (-?[0-9,]+) lost");
        assertThat(SummaryText.count(balance[0])).isEqualTo(d.get("sent").asLong());
        assertThat(SummaryText.count(balance[1])).isEqualTo(d.get("unique_received").asLong());
        assertThat(SummaryText.count(balance[2])).isEqualTo(d.get("lost").asLong())
                .isEqualTo(d.get("sent").asLong() - d.get("unique_received").asLong());
        assertThat(SummaryText.count(t.match("duplicated", "([0-9,]+) \\(.*")[0])).isEqualTo(d.get("duplicated").asLong());
        assertThat(SummaryText.count(t.match("out of order", "([0-9,]+) \\(.*")[0])).isEqualTo(d.get("out_of_order").asLong());
        assertThat(SummaryText.count(t.match("late", "([0-9,]+) \\(.*")[0])).isEqualTo(d.get("late").asLong());
        assertThat(SummaryText.count(t.match("unrecognised", "([0-9,]+) \\(.*")[0])).isEqualTo(d.get("unrecognised").asLong());

        assertThat(printedCounters(t.match("drops (lost, by cause)", "(.*) \\(socket counters, whole run\\)")[0]))
                .isEqualTo(nonZero(j.get("drops")));
        assertThat(printedCounters(t.match("events (nothing lost)", "(.*) \\(socket counters, whole run\\)")[0]))
                .isEqualTo(nonZero(j.get("events")));

        JsonNode net = j.get("loopback_network");
        assertThat(t.has("loopback network")).isEqualTo(!net.isNull());
        if (!net.isNull()) {
            String[] n = t.match("loopback network",
                    "sent ([0-9,]+), duplicated ([0-9,]+), received ([0-9,]+), dropped ([0-9,]+), in flight ([0-9,]+) .*");
            String[] keys = {"sent", "duplicated", "received", "dropped", "in_flight"};
            for (int i = 0; i < keys.length; i++) {
                assertThat(SummaryText.count(n[i])).as(keys[i]).isEqualTo(net.get(keys[i]).asLong());
            }
        }

        SummaryText.assertPrintedAs(j.get("datagrams_per_send_call").doubleValue(), t.row("datagrams per send call"),
                "datagrams per send call");
        assertCost(t.row("sender CPU"), "([0-9.]+) ns per datagram", j.get("sender_cpu_ns_per_datagram"));
        assertCost(t.row("receiver CPU"), "([0-9.]+) ns per datagram", j.get("receiver_cpu_ns_per_datagram"));
        assertCost(t.row("allocated on I/O threads"), "([0-9.]+) bytes per datagram", j.get("allocated_bytes_per_datagram"));

        JsonNode rtt = j.get("rtt_us");
        if (rtt.get("samples").asLong() == 0) {
            assertThat(t.row("round trip")).isEqualTo("no samples");
            assertThat(rtt.get("p50").isNull() && rtt.get("p99").isNull() && rtt.get("p999").isNull()).isTrue();
        } else {
            String[] p = t.match("round trip", "p50 ([0-9.]+) us, p99 ([0-9.]+) us, p99.9 ([0-9.]+) us \\(([0-9,]+) samples\\)");
            SummaryText.assertPrintedAs(rtt.get("p50").doubleValue(), p[0], "p50");
            SummaryText.assertPrintedAs(rtt.get("p99").doubleValue(), p[1], "p99");
            SummaryText.assertPrintedAs(rtt.get("p999").doubleValue(), p[2], "p99.9");
            assertThat(SummaryText.count(p[3])).isEqualTo(rtt.get("samples").asLong());
        }
    }

    /** Jackson writes the double itself: it reads back bit for bit (no formatting of our own to lose digits). */
    @Property(tries = 300)
    void jsonNumbersReadBackExactly(@ForAll("results") PerfResult r) throws Exception {
        JsonNode j = MAPPER.readTree(JsonReport.write(r));
        assertThat(j.get("duration_s").doubleValue()).isEqualTo(r.durationSeconds());
        assertThat(j.get("sent_pps").doubleValue()).isEqualTo(r.sentPps());
        assertThat(j.get("received_pps").doubleValue()).isEqualTo(r.receivedPps());
        assertThat(j.get("sent_gbps").doubleValue()).isEqualTo(r.sentGbps());
        assertThat(j.get("datagrams").get("sent").asLong()).isEqualTo(r.tally().sent());
        assertThat(j.get("sent_pps").doubleValue()).isEqualTo(j.get("datagrams").get("sent").asLong() / j.get("duration_s").doubleValue());
        assertThat(j.get("capabilities").asText()).isEqualTo(r.setup().capabilities());
    }

    @Property(tries = 200)
    void jsonHasEveryDocumentedKeyWithItsTypeAndNoOther(@ForAll("results") PerfResult r) throws Exception {
        JsonSchemaDoc.assertFollows(MAPPER.readTree(JsonReport.write(r)), JsonSchemaDoc.UDP);
    }

    private static void assertCost(String printed, String regex, JsonNode json) {
        if (json.isNull()) {
            assertThat(printed).isEqualTo("n/a");
        } else {
            assertThat(printed).matches(regex);
            SummaryText.assertPrintedAs(json.doubleValue(), printed.substring(0, printed.indexOf(' ')), regex);
        }
    }

    private static Map<String, Long> printedCounters(String printed) {
        Map<String, Long> m = new HashMap<>();
        if (!printed.equals("none")) {
            for (String pair : printed.split(", (?=[a-z_]+=)")) {
                String[] kv = pair.split("=");
                m.put(kv[0], SummaryText.count(kv[1]));
            }
        }
        return m;
    }

    private static Map<String, Long> nonZero(JsonNode counters) {
        Map<String, Long> m = new HashMap<>();
        counters.properties().forEach(e -> {
            if (e.getValue().asLong() != 0) {
                m.put(e.getKey(), e.getValue().asLong());
            }
        });
        return m;
    }

    private static SummaryText summary(PerfResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), r);
        return new SummaryText(bytes.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ random results

    @Provide
    Arbitrary<PerfResult> results() {
        Arbitrary<PerfResult.Setup> setups = Combinators.combine(
                Arbitraries.of("native", "nio", "loopback"),
                Arbitraries.strings().withCharRange(' ', '~').withChars('é', '✓', '\u00a0').ofMaxLength(60),
                Arbitraries.integers().between(9, 65_507), Arbitraries.integers().between(1, 1024),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(1, 64),
                Arbitraries.of(true, false)).as((transport, caps, size, batch, gso, gro, sockets, ipv6) ->
                new PerfResult.Setup(transport, caps, size, batch, gso, gro, sockets, ipv6, null));
        Arbitrary<PerfResult.Setup> withImpairments = Combinators.combine(setups, impairments()).as((s, i) ->
                new PerfResult.Setup(s.transport(), s.capabilities(), s.size(), s.batch(), s.gso(), s.gro(), s.sockets(),
                        s.ipv6(), s.transport().equals("loopback") ? i : null));
        Arbitrary<double[]> times = Combinators.combine(seconds(), seconds()).as((w, d) -> new double[] {w, d});
        return Combinators.combine(withImpairments, times, tallies(), counts(), counters(DropCause.class),
                counters(TransportEvent.class), costs(), rtts()).flatAs((setup, t, tally, sendCalls, drops, events, costs, rtt) ->
                networks().map(net -> new PerfResult(setup, t[0], t[1], tally, sendCalls, drops, events, costs, rtt,
                        setup.transport().equals("loopback") ? net : null)));
    }

    private static Arbitrary<ImpairmentOptions.Impairments> impairments() {
        Arbitrary<Double> pct = Arbitraries.oneOf(Arbitraries.doubles().between(0, 100).ofScale(6), Arbitraries.of(0.0, 1.0, 10.0, 100.0));
        return Combinators.combine(pct, pct, pct, Arbitraries.integers().between(1, 1000), Arbitraries.longs())
                .as(ImpairmentOptions.Impairments::new);
    }

    /** Seconds from a blink to a day, with round values (the old writer's nemesis) well represented. */
    private static Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(1e-3, 86_400).ofScale(9),
                Arbitraries.of(1.0, 1.5, 2.0, 10.0, 0.25, 3.0));
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000_000L),
                Arbitraries.of(0L, 1L, 248_120L, 1_000_000L, 2_237_568L));
    }

    private static Arbitrary<Tally> tallies() {
        Arbitrary<Double> share = Arbitraries.oneOf(Arbitraries.doubles().between(0, 1).ofScale(9), Arbitraries.of(0.0, 1.0));
        return Combinators.combine(counts(), share, share, counts(), counts(), counts()).as((sent, got, ooo, dup, late, unrec) -> {
            long unique = Math.round(sent * got);
            return new Tally(sent, new Arrivals(unique, Math.round(unique * ooo), dup, late, unrec));
        });
    }

    private static <E extends Enum<E>> Arbitrary<Map<E, Long>> counters(Class<E> type) {
        E[] keys = type.getEnumConstants();
        Arbitrary<Long> count = Arbitraries.oneOf(counts(), Arbitraries.just(0L));
        return count.list().ofSize(keys.length).map(values -> {
            EnumMap<E, Long> m = new EnumMap<>(type);
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values.get(i));
            }
            return m;
        });
    }

    private static Arbitrary<Double> figure() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1e6).ofScale(9), Arbitraries.of(0.0, 248_120.0, 1e-4, 100.0),
                Arbitraries.just(Double.NaN));
    }

    private static Arbitrary<PerfResult.Costs> costs() {
        return Combinators.combine(figure(), figure(), figure()).as(PerfResult.Costs::new);
    }

    private static Arbitrary<PerfResult.Rtt> rtts() {
        Arbitrary<Double> micros = Arbitraries.doubles().between(0, 1e7).ofScale(3);
        return Combinators.combine(Arbitraries.longs().between(0, 200_000), micros, micros, micros).as((n, a, b, c) -> {
            if (n == 0) {
                return new PerfResult.Rtt(0, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] p = {a, b, c};
            java.util.Arrays.sort(p);
            return new PerfResult.Rtt(n, p[0], p[1], p[2]);
        });
    }

    private static Arbitrary<NetworkStats> networks() {
        return Combinators.combine(counts(), counts(), counts(), counts(), counters(DropCause.class))
                .as((sent, dup, received, inFlight, drops) -> new NetworkStats(sent, dup, received, 0, inFlight, drops));
    }

    @Property(tries = 1)
    void theDocumentedSchemasUseOnlyKnownTypes() throws Exception {
        for (String section : List.of(JsonSchemaDoc.UDP, JsonSchemaDoc.TCP, JsonSchemaDoc.TCP_SERVER, JsonSchemaDoc.LATENCY)) {
            assertThat(JsonSchemaDoc.keys(section)).as(section).isNotEmpty().allSatisfy((k, type) ->
                    assertThat(type.toLowerCase(Locale.ROOT)).matches("(string|int|number|bool|object)( or null)?"));
        }
    }
}
