package io.salvo.quic;

import io.salvo.quic.kwik.DatagramGate;
import io.salvo.quic.kwik.PeerStreamCredit;
import io.salvo.quic.kwik.TransportDatagramSocket;
import tech.kwik.core.ConnectionListener;
import tech.kwik.core.ConnectionTerminatedEvent;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends packets to one QUIC server, each as one unidirectional stream, over one connection that it
 * re-opens after a drop. The counterpart of {@link QuicStreamer}; works with any server that speaks
 * the same ALPN.
 *
 * <p><b>Delivery.</b> Kwik queues stream data without bound and reports no acknowledgement, and
 * closing a connection discards what is queued, so "written" is not "delivered". This sender
 * counts a packet confirmed only when the peer has returned the stream credit for it (see
 * {@link SendReport#confirmed()}), keeps at most {@link QuicSenderConfig#maxInFlight()} packets
 * unconfirmed ({@link #send} blocks beyond that), and {@link #close(Duration)} waits for the rest
 * before closing, then reports how many stayed unconfirmed. The credit says how many streams the
 * peer finished, not which: a report names counts, not packets.
 *
 * <p><b>Threads.</b> Not thread-safe: one thread sends. {@link #report()} may be called from any thread.
 */
public final class QuicSender implements AutoCloseable {

    private static final long CONFIRM_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final InetSocketAddress target;
    private final String host;
    private final QuicSenderConfig config;
    private final TransportFactory transports;

    private QuicClientConnection connection;
    private PeerStreamCredit credit;
    private long initialCredit;
    private long openedOnConnection;
    private long refusedOnConnection;
    private volatile boolean dropped;
    private volatile long generation;

    private volatile long sent;
    private volatile long confirmedOnClosedConnections;
    private volatile long lostOnClosedConnections;
    private volatile long reconnects;
    private volatile long refused;
    private volatile long confirmedOnCurrent;

    private QuicSender(InetSocketAddress target, String host, QuicSenderConfig config, TransportFactory transports) {
        this.target = target;
        this.host = host;
        this.config = config;
        this.transports = transports;
    }

    /**
     * Connects to {@code target} (blocking, up to the connect timeout).
     *
     * @param host       the name to verify the server's certificate against (and send as SNI);
     *                   an IP literal works when the certificate lists that IP
     * @param transports opens the datagram transport each connection runs over
     * @throws IOException if the handshake fails: unreachable, timed out, untrusted certificate,
     *                     ALPN refused
     */
    public static QuicSender connect(InetSocketAddress target, String host, QuicSenderConfig config,
                                     TransportFactory transports) throws IOException {
        QuicSender sender = new QuicSender(Objects.requireNonNull(target, "target"), Objects.requireNonNull(host, "host"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(transports, "transports"));
        sender.open();
        return sender;
    }

    private void open() throws IOException {
        QuicClientConnection.Builder builder = QuicClientConnection.newBuilder()
                .host(host)
                .port(target.getPort())
                .proxy(target.getAddress().getHostAddress()) // connect to this address whatever the name resolves to
                .applicationProtocol(config.alpn())
                .connectTimeout(config.connectTimeout())
                .maxIdleTimeout(config.idleTimeout())
                .version(QuicConnection.QuicVersion.V1)
                .logger(new NullLogger())
                .socketFactory(address -> {
                    try {
                        return new TransportDatagramSocket(transports.open(), true, 16, DatagramGate.OPEN);
                    } catch (SocketException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new SocketException("cannot open a transport: " + e.getMessage());
                    }
                });
        if (config.trustStore() == null) {
            builder.noServerCertificateCheck();
        } else {
            builder.customTrustStore(config.trustStore());
        }
        QuicClientConnection c = builder.build();
        // A retired connection's late "disconnected" must not mark its successor as dropped.
        long thisGeneration = ++generation;
        dropped = false;
        c.setConnectionListener(new ConnectionListener() {
            @Override
            public void disconnected(ConnectionTerminatedEvent event) {
                if (generation == thisGeneration) {
                    dropped = true;
                }
            }
        });
        try {
            c.connect();
        } catch (IOException e) {
            c.close();
            throw e;
        }
        connection = c;
        credit = PeerStreamCredit.of(c);
        initialCredit = credit.current();
        openedOnConnection = 0;
        refusedOnConnection = 0;
        confirmedOnCurrent = 0;
    }

    /**
     * Sends {@code data[offset..offset+length)} as one stream. Blocks while
     * {@link QuicSenderConfig#maxInFlight()} packets are unconfirmed or the peer gives no stream
     * credit; re-connects first if the connection dropped (the packets it had not confirmed are
     * then counted unconfirmed for good). Copies the data (Kwik queues it).
     *
     * @throws IOException if re-connecting fails, or the connection breaks while writing
     */
    public void send(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (dropped) {
            reconnect();
        }
        while (unconfirmedOnConnection() >= config.maxInFlight()) {
            if (dropped) {
                reconnect();
                break;
            }
            LockSupport.parkNanos(CONFIRM_POLL_NANOS);
        }
        QuicStream stream = connection.createStream(false);
        openedOnConnection++;
        sent++;
        try {
            OutputStream out = stream.getOutputStream();
            out.write(data, offset, length);
            out.close(); // queues the FIN
        } catch (IOException e) {
            if (dropped) {
                return; // counted unconfirmed when the connection is retired
            }
            // The peer stopped this stream (STOP_SENDING) while it was written: too large, or over its rate.
            refusedOnConnection++;
            refused++;
        }
    }

    /** Sends all of {@code data} as one stream; see {@link #send(byte[], int, int)}. */
    public void send(byte[] data) throws IOException {
        send(data, 0, data.length);
    }

    private void reconnect() throws IOException {
        retire();
        reconnects++;
        open();
    }

    // Books the current connection's packets as confirmed or lost for good, and closes it.
    private void retire() {
        long confirmed = confirmed();
        confirmedOnClosedConnections += confirmed;
        lostOnClosedConnections += openedOnConnection - refusedOnConnection - confirmed;
        openedOnConnection = 0;
        refusedOnConnection = 0;
        confirmedOnCurrent = 0;
        connection.close();
    }

    private long confirmed() {
        long now = credit.current();
        if (now < 0 || initialCredit < 0) {
            return 0;
        }
        // The peer returns credit for streams it refused too; those are counted as refused, not confirmed.
        long done = Math.max(0, Math.min(openedOnConnection, now - initialCredit) - refusedOnConnection);
        confirmedOnCurrent = done;
        return done;
    }

    /**
     * Waits until every packet sent on the current connection is confirmed, or {@code timeout}.
     *
     * @return how many remain unconfirmed
     */
    public long flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unconfirmedOnConnection() > 0 && !dropped && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(CONFIRM_POLL_NANOS);
        }
        return unconfirmedOnConnection();
    }

    private long unconfirmedOnConnection() {
        return openedOnConnection - refusedOnConnection - confirmed();
    }

    /** The counters now. Thread-safe (values may be a moment apart). */
    public SendReport report() {
        long confirmed = confirmedOnClosedConnections + confirmedOnCurrent;
        return new SendReport(sent, confirmed, sent - confirmed - refused, refused, reconnects);
    }

    /**
     * Waits up to {@code timeout} for unconfirmed packets ({@link #flush}), then closes the
     * connection and reports. Packets still unconfirmed are reported as such, never as sent.
     */
    public SendReport close(Duration timeout) {
        if (connection != null) {
            if (!dropped) {
                flush(timeout);
            }
            retire();
            connection = null;
        }
        return new SendReport(sent, confirmedOnClosedConnections, lostOnClosedConnections, refused, reconnects);
    }

    /** {@link #close(Duration)} with a 5-second wait. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** False once the connection dropped (closed by the peer, idle, lost); the next send re-connects. */
    public boolean isConnected() {
        return connection != null && !dropped;
    }

    public InetSocketAddress target() {
        return target;
    }
}
