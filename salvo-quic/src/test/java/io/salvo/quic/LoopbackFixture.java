package io.salvo.quic;

import io.salvo.quic.tls.SelfSignedCertificate;
import io.salvo.quic.tls.ServerCredentials;
import io.salvo.transport.loopback.LinkConditions;
import io.salvo.transport.loopback.LoopbackNetwork;

import io.salvo.quic.kwik.DatagramGate;
import io.salvo.quic.kwik.TransportDatagramSocket;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.log.NullLogger;

import java.io.IOException;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A streamer at 10.0.0.1:8000 on an in-memory network, and senders from any address on it. */
final class LoopbackFixture implements AutoCloseable {

    static final InetSocketAddress SERVER = new InetSocketAddress("10.0.0.1", 8000);
    static final ServerCredentials CREDENTIALS = SelfSignedCertificate.generate("streamer.test", "10.0.0.1");

    final LoopbackNetwork network;
    final QuicStreamer streamer;
    final Packets.Collector collector = new Packets.Collector();
    private final AtomicInteger nextPort = new AtomicInteger(40_000);
    private final List<AutoCloseable> senders = new ArrayList<>();

    LoopbackFixture(LinkConditions link, QuicStreamerConfig config, PeerWeights weights) throws IOException {
        network = LoopbackNetwork.builder().seed(11).defaultLink(link).build();
        streamer = QuicStreamer.start(network.open(SERVER), config, CREDENTIALS, weights, collector);
    }

    LoopbackFixture(QuicStreamerConfig config) throws IOException {
        this(LinkConditions.PERFECT, config, PeerWeights.NONE);
    }

    /** A sender from {@code ip}, trusting the streamer; closed with the fixture. */
    QuicSender sender(String ip) throws IOException {
        return sender(ip, QuicSenderConfig.trusting(CREDENTIALS.trustStore()));
    }

    QuicSender sender(String ip, QuicSenderConfig config) throws IOException {
        QuicSender sender = QuicSender.connect(SERVER, "streamer.test", config,
                () -> network.open(new InetSocketAddress(ip, nextPort.getAndIncrement())));
        senders.add(sender);
        return sender;
    }

    /** A bare Kwik client from {@code ip}, connected, for tests that shape streams by hand; closed with the fixture. */
    QuicClientConnection rawClient(String ip) throws IOException {
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .host("streamer.test").port(SERVER.getPort()).proxy(SERVER.getAddress().getHostAddress())
                .applicationProtocol(QuicStreamerConfig.DEFAULT_ALPN)
                .customTrustStore(CREDENTIALS.trustStore())
                .connectTimeout(Duration.ofSeconds(10))
                .logger(new NullLogger())
                .socketFactory(a -> new TransportDatagramSocket(network.open(freshAddress(ip)), true, 16, DatagramGate.OPEN))
                .build();
        c.connect();
        senders.add(c::close);
        return c;
    }

    InetSocketAddress freshAddress(String ip) {
        return new InetSocketAddress(ip, nextPort.getAndIncrement());
    }

    @Override
    public void close() {
        for (AutoCloseable s : senders) {
            try {
                s.close();
            } catch (Exception e) {
                // closing what is left; the test has its answer
            }
        }
        streamer.close();
    }
}
