package io.salvo.quic;

import io.salvo.quic.admission.ConnectionTable;
import io.salvo.quic.admission.InitialGate;
import io.salvo.quic.kwik.KwikHandshakes;
import io.salvo.quic.kwik.KwikServers;
import io.salvo.quic.kwik.ServerReceiveLoop;
import io.salvo.quic.kwik.TransportDatagramSocket;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.DatagramTransport;
import tech.kwik.core.ConnectionListener;
import tech.kwik.core.ConnectionTerminatedEvent;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A QUIC server that takes packets from many peers, each packet sent as one unidirectional stream
 * (the model of Solana's TPU streamer, seed 000), with admission control weighted by each peer's
 * stake. Runs Kwik over any Salvo {@link DatagramTransport}.
 *
 * <p><b>What it does with a connection.</b> TLS 1.3 with one ALPN ({@link QuicStreamerConfig#alpn()});
 * once the handshake completes, the connection is admitted by the {@link ConnectionTable} (total and
 * per-IP limits, eviction of the lightest for a heavier newcomer) or closed with
 * {@link ErrorCodes#CONNECTION_LIMIT}. Each unidirectional stream is read to its FIN, whatever its
 * split into frames and packets (a FIN in a later empty frame included) and delivered to the
 * {@link PacketHandler} if it holds 1..maxPacketSize bytes. See {@link QuicStreamerStats} for the outcomes.
 *
 * <p><b>Threads.</b> One thread receives datagrams from the transport and routes each to its
 * connection ({@link ServerReceiveLoop}, in place of Kwik's two); Kwik runs, per connection, a
 * thread processing its packets, a sender and a callback thread (on which the handler is called).
 * The streamer adds one sweeper thread for stream and handshake timeouts. {@link #stats()} and {@link #close()}
 * may be called from any thread.
 *
 * <p><b>Closing.</b> {@link #close()} closes every connection, waits (bounded) for Kwik to finish
 * with them, stops Kwik's threads and the sweeper, and closes the transport and its buffers.
 */
public final class QuicStreamer implements AutoCloseable {

    private static final long SWEEP_INTERVAL_MILLIS = 50;
    /** Handshakes are checked every this many sweeps (200 ms): each check walks all of Kwik's connection IDs. */
    private static final int HANDSHAKE_SWEEP_EVERY = 4;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final QuicStreamerConfig config;
    private final PeerWeights weights;
    private final PacketHandler handler;
    private final TransportDatagramSocket socket;
    private final InitialGate gate;
    private final ServerConnector connector;
    private final ConnectionTable table;
    private final KwikHandshakes kwikConnections;
    private final HandshakeDeadlines handshakes;
    private final StreamerCounters counters = new StreamerCounters();
    private final Map<Long, StreamerConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final Thread sweeper;
    private volatile ServerReceiveLoop receiveLoop;     // set once by start
    private volatile boolean closed;

    private QuicStreamer(DatagramTransport transport, QuicStreamerConfig config, ServerCredentials credentials,
                         PeerWeights weights, PacketHandler handler) throws IOException {
        this.config = config;
        this.weights = weights;
        this.handler = handler;
        this.table = new ConnectionTable(config.maxConnections(), config.maxConnectionsPerIp(),
                config.totalStreamsPerSecond(), config.unstakedStreamsPerSecond(), weights.totalWeight());
        this.gate = new InitialGate(config.maxInitialsPerSecond());
        this.socket = new TransportDatagramSocket(transport, true, config.receiveBatchSlots(), gate);
        try {
            this.connector = ServerConnector.builder()
                    .withSocket(socket)
                    .withKeyStore(credentials.keyStore(), ServerCredentials.ALIAS, credentials.password(), credentials.ecCurve())
                    .withConfiguration(kwikConfig(config))
                    .withLogger(new NullLogger())
                    .build();
        } catch (Exception e) {
            socket.close();
            throw new IOException("Kwik refused the server configuration: " + e.getMessage(), e);
        }
        connector.registerApplicationProtocol(config.alpn(), new Factory());
        this.kwikConnections = KwikHandshakes.of(connector);
        this.handshakes = new HandshakeDeadlines(kwikConnections, config.handshakeTimeout().toNanos());
        this.sweeper = Thread.ofPlatform().daemon().name("salvo-quic-sweeper").unstarted(this::sweep);
    }

    /**
     * Starts a streamer on {@code transport}, which it owns from now on (closing the streamer closes it).
     *
     * @param transport   a bound datagram transport (native UDP, or the loopback for tests)
     * @param config      limits and timeouts
     * @param credentials the server certificate and key
     * @param weights     each peer's weight; {@link PeerWeights#NONE} for all unstaked
     * @param handler     receives each packet; see its threading contract
     * @throws IOException if Kwik refuses the credentials or configuration (the transport is then closed)
     */
    public static QuicStreamer start(DatagramTransport transport, QuicStreamerConfig config, ServerCredentials credentials,
                                     PeerWeights weights, PacketHandler handler) throws IOException {
        Objects.requireNonNull(transport, "transport");
        QuicStreamer streamer = new QuicStreamer(transport, Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(credentials, "credentials"), Objects.requireNonNull(weights, "weights"),
                Objects.requireNonNull(handler, "handler"));
        streamer.receiveLoop = ServerReceiveLoop.start(streamer.connector, streamer.socket);
        streamer.sweeper.start();
        return streamer;
    }

    private static ServerConnectionConfig kwikConfig(QuicStreamerConfig config) {
        // Stream window one byte over the packet size: enough to see that a stream is too long, no more.
        long streamWindow = config.maxPacketSize() + 1L;
        return ServerConnectionConfig.builder()
                .maxIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()))
                .maxOpenPeerInitiatedUnidirectionalStreams(config.streamCreditPerConnection())
                .maxOpenPeerInitiatedBidirectionalStreams(0)
                .maxUnidirectionalStreamBufferSize(streamWindow)
                .maxBidirectionalStreamBufferSize(0)
                // Room for every open stream at full size, twice over, so connection flow control never binds first.
                .maxConnectionBufferSize(2 * streamWindow * config.streamCreditPerConnection())
                .retryRequired(config.requireRetry())
                .connectionIdLength(8)
                .build();
    }

    /** The transport address the streamer receives on. */
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    public QuicStreamerConfig config() {
        return config;
    }

    /** A snapshot of the counters; thread-safe, allocates. */
    public QuicStreamerStats stats() {
        long dropped = gate.malformed() + gate.shortInitials();
        return counters.snapshot(socket.datagramsReceived(), dropped, gate.initialsOverBudget(), handshakes.inProgress());
    }

    /** Connections Kwik holds now in any state (handshaking, open, closing); for tests of what is freed. */
    int kwikConnectionsHeld() {
        return kwikConnections.held().size();
    }

    /** Connections open now, by the streamer's connection id, with their peer address. */
    public Map<Long, InetSocketAddress> openConnections() {
        Map<Long, InetSocketAddress> open = new java.util.HashMap<>();
        connections.forEach((id, c) -> open.put(id, c.peer()));
        return open;
    }

    private final class Factory implements ApplicationProtocolConnectionFactory {

        @Override
        public ApplicationProtocolConnection createConnection(String protocol, QuicConnection quicConnection) {
            InetSocketAddress peer = ((ServerConnection) quicConnection).getInitialRemoteAddress();
            long weight = weights.weight(peer.getAddress());
            StreamerCounters.Peer peerCounters = counters.peer(peer.getAddress(), weight);
            long id = nextConnectionId.getAndIncrement();
            ConnectionTable.Entry entry = new ConnectionTable.Entry(id, peer.getAddress(), weight, quicConnection);
            if (closed) {
                quicConnection.close(ErrorCodes.SHUTDOWN, "shutting down");
                return null;
            }
            ConnectionTable.Admission admission = table.admit(entry);
            if (!admission.accepted()) {
                counters.connectionsRefused.increment();
                peerCounters.connectionsRefused.increment();
                // Kwik's contract: returning null requires closing the connection here.
                quicConnection.close(ErrorCodes.CONNECTION_LIMIT, admission.outcome().name());
                return null;
            }
            if (admission.evicted() != null) {
                evict(admission.evicted());
            }
            StreamerConnection connection = new StreamerConnection(quicConnection, peer, entry, counters,
                    peerCounters, handler, config);
            connections.put(id, connection);
            counters.connectionsAccepted.increment();
            counters.connectionsOpen.increment();
            peerCounters.connectionsAccepted.increment();
            peerCounters.connectionsOpen.increment();
            quicConnection.setConnectionListener(new Departure(connection, peerCounters));
            return connection;
        }

        @Override
        public int maxConcurrentPeerInitiatedUnidirectionalStreams() {
            return config.streamCreditPerConnection();
        }

        @Override
        public int maxConcurrentPeerInitiatedBidirectionalStreams() {
            return 0;
        }

        @Override
        public long maxUnidirectionalStreamReceiverBufferSize() {
            return config.maxPacketSize() + 1L;
        }

        @Override
        public int minUnidirectionalStreamReceiverBufferSize() {
            return config.maxPacketSize() + 1;
        }
    }

    private void evict(ConnectionTable.Entry victim) {
        counters.connectionsEvicted.increment();
        counters.peer(victim.peer(), victim.weight()).connectionsEvicted.increment();
        ((QuicConnection) victim.owner()).close(ErrorCodes.EVICTED, "evicted for a peer of higher weight");
    }

    /** Forgets a connection once Kwik reports it gone (closed by either side, idle, evicted). */
    private final class Departure implements ConnectionListener {
        private final StreamerConnection connection;
        private final StreamerCounters.Peer peerCounters;
        private boolean departed;

        Departure(StreamerConnection connection, StreamerCounters.Peer peerCounters) {
            this.connection = connection;
            this.peerCounters = peerCounters;
        }

        @Override
        public synchronized void disconnected(ConnectionTerminatedEvent event) {
            if (departed) {
                return;
            }
            departed = true;
            table.remove(connection.entry());
            connections.remove(connection.entry().id());
            counters.connectionsOpen.decrement();
            peerCounters.connectionsOpen.decrement();
        }
    }

    private void sweep() {
        for (long round = 0; !closed; round++) {
            long now = System.nanoTime();
            for (StreamerConnection c : connections.values()) {
                c.stopIfOverdue(now);
            }
            if (round % HANDSHAKE_SWEEP_EVERY == 0) {
                counters.handshakesTimedOut.add(handshakes.sweep(now));
            }
            try {
                Thread.sleep(SWEEP_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Closes every connection and stops; idempotent. Blocks up to a few seconds while Kwik closes connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.interrupt();
        KwikServers.close(connector, CLOSE_WAIT);
        socket.close();
        try {
            sweeper.join(TimeUnit.SECONDS.toMillis(5));
            receiveLoop.join(TimeUnit.SECONDS.toMillis(5)); // ends once the socket is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
