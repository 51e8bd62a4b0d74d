package io.salvo.perf;

import io.salvo.perf.sequence.Arrivals;
import io.salvo.perf.sequence.SequenceHeader;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.loopback.NetworkStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * salvo-perf's own run over Salvo's seeded, impaired in-memory network: each count it reports
 * equals what the network says it did (losses, copies), and out-of-order equals a plain recount of
 * the arrivals, as the network keeps no count of its own for reordering. The network's receive
 * queues are large enough that nothing but the impairments can lose a datagram, however the
 * threads are scheduled, so the equalities are exact on any machine.
 */
class ImpairedLinkAccountingTest {

    @ParameterizedTest(name = "loss {0}%, duplicate {1}%, reorder {2}%, seed {3}, sockets {4}")
    @CsvSource({
            "10, 0, 0, 1, 1",
            "0,  1, 0, 2, 1",
            "10, 1, 0, 3, 1",
            "0,  0, 5, 4, 1",
            "10, 5, 5, 5, 2"})
    void everyReportedCountEqualsWhatTheNetworkDid(double loss, double duplicate, double reorder, long seed, int sockets)
            throws Exception {
        PerfOptions o = new PerfOptions();
        new CommandLine(o).parseArgs("--transport", "loopback", "--warmup", "0", "--duration", "1", "--rate", "20000",
                "--size", "64", "--sockets", String.valueOf(sockets), "--loss", String.valueOf(loss),
                "--duplicate", String.valueOf(duplicate), "--reorder", String.valueOf(reorder), "--seed", String.valueOf(seed));
        assertThat(o.validate()).isNull();
        LoopbackNetwork network = LoopbackNetwork.builder().seed(seed).defaultLink(o.impairments.link())
                .receiveQueueLimit(1 << 20).build();
        PerfResult r;
        List<RecordingTransport> recorders;
        try (Recording endpoints = new Recording(SimulatedEndpoints.open(o, network))) {
            r = new LocalBenchmark(o, new PrintStream(OutputStream.nullOutputStream())).run(endpoints);
            recorders = endpoints.receivers();
        }

        NetworkStats net = r.network();
        Arrivals got = r.tally().received();
        assertThat(net.inFlight()).isZero();
        assertThat(net.drops(DropCause.QUEUE_OVERFLOW)).isZero();
        assertThat(r.tally().sent()).as("sent").isEqualTo(net.sent()).isPositive();
        assertThat(r.tally().lost()).as("lost").isEqualTo(net.drops(DropCause.IMPAIRMENT)).isEqualTo(net.dropped());
        assertThat(got.duplicated()).as("duplicated").isEqualTo(net.duplicated());
        assertThat(got.unique() + got.duplicated()).as("every arrival").isEqualTo(net.received());
        assertThat(r.tally().sent()).isEqualTo(got.unique() + r.tally().lost());
        assertThat(got.late()).isZero();
        assertThat(got.unrecognised()).isZero();
        assertThat(got.outOfOrder()).as("out of order").isEqualTo(recountOutOfOrder(recorders));
        if (reorder > 0) {
            assertThat(got.outOfOrder()).isPositive();
        } else {
            assertThat(got.outOfOrder()).isZero();
        }
        if (loss > 0) {
            assertThat(r.tally().lost()).isPositive();
        }
        if (duplicate > 0) {
            assertThat(got.duplicated()).isPositive();
        }
        assertThat(r.drops().get(DropCause.IMPAIRMENT)).as("the receivers' socket counters").isEqualTo(net.drops(DropCause.IMPAIRMENT));
    }

    /** First arrivals of a number below one already seen from the same sender, counted with plain sets. */
    private static long recountOutOfOrder(List<RecordingTransport> receivers) {
        long outOfOrder = 0;
        for (RecordingTransport t : receivers) {
            Map<Integer, Set<Long>> seen = new HashMap<>();
            Map<Integer, Long> highest = new HashMap<>();
            for (long stamp : t.stamps()) {
                int sender = SequenceHeader.sender(stamp);
                long seq = SequenceHeader.sequence(stamp);
                if (seen.computeIfAbsent(sender, k -> new HashSet<>()).add(seq) && seq < highest.getOrDefault(sender, -1L)) {
                    outOfOrder++;
                }
                highest.merge(sender, seq, Math::max);
            }
        }
        return outOfOrder;
    }

    /** The simulated endpoints with every receiver wrapped in a {@link RecordingTransport}. */
    private static final class Recording implements LocalEndpoints {
        private final SimulatedEndpoints inner;
        private final List<RecordingTransport> receivers;

        Recording(SimulatedEndpoints inner) {
            this.inner = inner;
            this.receivers = inner.receivers().stream().map(RecordingTransport::new).toList();
        }

        @Override
        public List<RecordingTransport> receivers() {
            return receivers;
        }

        @Override
        public List<? extends DatagramTransport> senders() {
            return inner.senders();
        }

        @Override
        public SocketAddress target(int index) {
            return inner.target(index);
        }

        @Override
        public String capabilities() {
            return inner.capabilities();
        }

        @Override
        public NetworkStats networkStats() {
            return inner.networkStats();
        }

        @Override
        public boolean settled() {
            return inner.settled();
        }

        @Override
        public DatagramTransport[] openPair() {
            return inner.openPair();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
