package io.salvo.quic.kwik;

import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.loopback.LoopbackNetwork;
import org.junit.jupiter.api.Test;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ServerReceiveLoopTest {

    private static final String ALPN = "salvo-test";
    private static final InetSocketAddress SERVER = new InetSocketAddress("10.7.0.1", 8000);
    private static final ServerCredentials CREDENTIALS = SelfSignedCertificate.generate("loop.test", "10.7.0.1");

    /**
     * Pins the reflective hooks to the Kwik this module is built against: if a Kwik upgrade renames
     * {@code ServerConnectorImpl.process(RawPacket)} or {@code acceptingNewConnections}, the loop
     * falls back to Kwik's own threads (still correct, slower) and this test fails to say so.
     */
    @Test
    void receivesForKwiksConnectorOnItsOwnThreadInPlaceOfKwiksTwo() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        TransportDatagramSocket socket = new TransportDatagramSocket(network.open(SERVER), true, 16, DatagramGate.OPEN);
        BlockingQueue<byte[]> streams = new ArrayBlockingQueue<>(16);
        ServerConnector connector = connector(socket, streams);
        Set<Thread> before = liveThreads();
        ServerReceiveLoop loop = ServerReceiveLoop.start(connector, socket);
        Set<Thread> started = liveThreads();
        started.removeAll(before); // only this test's: other tests' threads may still be ending
        try {
            assertThat(loop.direct()).as("Kwik's internals reachable (Kwik 0.10.8)").isTrue();
            assertThat(started).extracting(Thread::getName).contains("salvo-quic-receive")
                    .doesNotContain("receiver", "server receive loop"); // Kwik's two were not started

            QuicClientConnection client = client(network);
            try {
                for (int i = 0; i < 3; i++) {
                    QuicStream stream = client.createStream(false);
                    try (OutputStream out = stream.getOutputStream()) {
                        out.write(new byte[] {(byte) i, 1, 2, 3});
                    }
                }
                for (int i = 0; i < 3; i++) {
                    byte[] got = streams.poll(30, TimeUnit.SECONDS);
                    assertThat(got).as("stream %d", i).isNotNull().hasSize(4);
                }
            } finally {
                client.close();
            }
            assertThat(loop.routingErrors()).isZero();
        } finally {
            KwikServers.close(connector, Duration.ofSeconds(2));
            socket.close();
        }
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(started).filteredOn(t -> t.getName().equals("salvo-quic-receive")).noneMatch(Thread::isAlive);
    }

    @Test
    void startsTheConnectorItselfWhenItIsNotKwiksImplementation() throws Exception {
        LoopbackNetwork network = LoopbackNetwork.create();
        AtomicBoolean started = new AtomicBoolean();
        ServerConnector other = new ServerConnector() {
            @Override public void registerApplicationProtocol(String p, ApplicationProtocolConnectionFactory f) { }
            @Override public Set<String> getRegisteredApplicationProtocols() { return Set.of(); }
            @Override public void start() { started.set(true); }
            @Override public void close() { }
        };
        try (TransportDatagramSocket socket = new TransportDatagramSocket(network.open(SERVER), true, 4, DatagramGate.OPEN)) {
            ServerReceiveLoop loop = ServerReceiveLoop.start(other, socket);
            assertThat(loop.direct()).isFalse();
            assertThat(started).isTrue();
        }
    }

    private static ServerConnector connector(TransportDatagramSocket socket, BlockingQueue<byte[]> streams) throws Exception {
        ServerConnector connector = ServerConnector.builder()
                .withSocket(socket)
                .withKeyStore(CREDENTIALS.keyStore(), ServerCredentials.ALIAS, CREDENTIALS.password(), CREDENTIALS.ecCurve())
                .withConfiguration(ServerConnectionConfig.builder()
                        .maxIdleTimeout(10_000)
                        .maxOpenPeerInitiatedUnidirectionalStreams(16)
                        .maxOpenPeerInitiatedBidirectionalStreams(0)
                        .maxUnidirectionalStreamBufferSize(1_000)
                        .maxConnectionBufferSize(100_000)
                        .retryRequired(false)
                        .connectionIdLength(8)
                        .build())
                .withLogger(new NullLogger())
                .build();
        connector.registerApplicationProtocol(ALPN, new ApplicationProtocolConnectionFactory() {
            @Override
            public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
                return new ApplicationProtocolConnection() {
                    @Override
                    public void acceptPeerInitiatedStream(QuicStream stream) {
                        try {
                            streams.add(stream.getInputStream().readAllBytes());
                        } catch (IOException e) {
                            streams.add(new byte[0]);
                        }
                    }
                };
            }

            @Override
            public int maxConcurrentPeerInitiatedUnidirectionalStreams() {
                return 16;
            }

            @Override
            public int maxConcurrentPeerInitiatedBidirectionalStreams() {
                return 0;
            }
        });
        return connector;
    }

    private static QuicClientConnection client(LoopbackNetwork network) throws IOException {
        QuicClientConnection client = QuicClientConnection.newBuilder()
                .host("loop.test").port(SERVER.getPort()).proxy(SERVER.getAddress().getHostAddress())
                .applicationProtocol(ALPN)
                .customTrustStore(CREDENTIALS.trustStore())
                .connectTimeout(Duration.ofSeconds(20))
                .logger(new NullLogger())
                .socketFactory(a -> new TransportDatagramSocket(network.open(new InetSocketAddress("10.7.0.2", 40_000)),
                        true, 16, DatagramGate.OPEN))
                .build();
        client.connect();
        return client;
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
