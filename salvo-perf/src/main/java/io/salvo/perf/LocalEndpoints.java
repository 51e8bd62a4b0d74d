package io.salvo.perf;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.NetworkStats;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;

/**
 * The transports of a run in one process: receivers, senders (sender {@code i} sends to
 * {@link #target(int)}), and more endpoints on demand for the round-trip phase. Closing closes
 * them all.
 */
interface LocalEndpoints extends AutoCloseable {

    /** Opens the endpoints {@code options} ask for: UDP sockets on loopback, or an in-memory network. */
    static LocalEndpoints open(PerfOptions options) throws IOException {
        return options.transport == PerfOptions.TransportKind.LOOPBACK
                ? SimulatedEndpoints.open(options)
                : UdpEndpoints.open(options);
    }

    List<? extends DatagramTransport> receivers();

    List<? extends DatagramTransport> senders();

    /** Where sender {@code index} sends. */
    SocketAddress target(int index);

    /** What the transport can do, as it reports it. */
    String capabilities();

    /** The in-memory network's own tally, or null for real sockets. */
    NetworkStats networkStats();

    /**
     * True when the transport knows nothing is on its way to the receivers: the in-memory network
     * holds nothing in flight. Real sockets cannot tell and always answer true; for them the drain
     * relies on a quiet period alone.
     */
    boolean settled();

    /** Two more endpoints that can reach each other, for round trips; the caller closes them. */
    DatagramTransport[] openPair() throws IOException;

    @Override
    void close();
}
