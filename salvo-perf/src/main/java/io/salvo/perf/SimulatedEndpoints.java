package io.salvo.perf;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.LoopbackNetwork;
import io.salvo.transport.loopback.LoopbackTransport;
import io.salvo.transport.loopback.NetworkStats;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoints of Salvo's in-memory {@link LoopbackNetwork}, every link impaired as the options say
 * and seeded with {@code --seed}: one receiver per sender, as the network has no SO_REUSEPORT.
 * The network's own tally is reported beside salvo-perf's, so the two can be compared.
 */
final class SimulatedEndpoints implements LocalEndpoints {

    private final LoopbackNetwork network;
    private final List<LoopbackTransport> receivers = new ArrayList<>();
    private final List<LoopbackTransport> senders = new ArrayList<>();

    private SimulatedEndpoints(LoopbackNetwork network) {
        this.network = network;
    }

    /** Receive queues of all receivers together hold at most this many payload bytes... */
    static final long QUEUE_BYTES = 64L << 20;
    /** ...and each at most this many datagrams, and at least this many. */
    static final int MAX_QUEUE = 65_536;
    static final int MIN_QUEUE = 64;

    static SimulatedEndpoints open(PerfOptions o) {
        return open(o, LoopbackNetwork.builder().seed(o.impairments.seed).defaultLink(o.impairments.link())
                .receiveQueueLimit(receiveQueueLimit(o)).build());
    }

    /**
     * Datagrams a receiver may have waiting. Deeper than the network's default (4096) so that a
     * receiver thread descheduled for a while on a busy machine does not turn into loss that no
     * impairment asked for; bounded in bytes so that a sender outrunning its receiver cannot
     * exhaust the heap.
     */
    static int receiveQueueLimit(PerfOptions o) {
        long perQueue = QUEUE_BYTES / ((long) o.size * o.sockets);
        return (int) Math.clamp(perQueue, MIN_QUEUE, MAX_QUEUE);
    }

    /** Endpoints on a network the caller built (tests choose its clock or queue limit). */
    static SimulatedEndpoints open(PerfOptions o, LoopbackNetwork network) {
        SimulatedEndpoints e = new SimulatedEndpoints(network);
        for (int i = 0; i < o.sockets; i++) {
            e.receivers.add(network.open());
            e.senders.add(network.open());
        }
        return e;
    }

    @Override
    public List<LoopbackTransport> receivers() {
        return receivers;
    }

    @Override
    public List<LoopbackTransport> senders() {
        return senders;
    }

    @Override
    public SocketAddress target(int index) {
        return receivers.get(index).localAddress();
    }

    @Override
    public String capabilities() {
        return receivers.getFirst().capabilities().toString();
    }

    @Override
    public NetworkStats networkStats() {
        return network.stats();
    }

    @Override
    public boolean settled() {
        return network.stats().inFlight() == 0;
    }

    @Override
    public DatagramTransport[] openPair() {
        return new DatagramTransport[] {network.open(), network.open()};
    }

    @Override
    public void close() {
        receivers.forEach(DatagramTransport::close);
        senders.forEach(DatagramTransport::close);
    }
}
