package io.salvo.examples.orderentry;

import io.salvo.messaging.Clt;
import io.salvo.messaging.MessagingConfig;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A trader's session: connected and logged in once a factory returns, heartbeats sent and answered
 * by the poller thread, and one request/answer call per flavour of {@link Clt}. The exchange
 * answers every {@code NewOrder} and {@code CancelOrder} exactly once, in order, so the next
 * message in is the answer to the last request out.
 *
 * <p><b>Threads.</b> One request at a time: from one thread, or from several taking turns (the
 * answers are matched by order, not by id). For many orders in flight, use {@link #connection()}
 * with a handler instead ({@link Clt#onMessage}); then these methods must not be used.
 */
public final class OrderEntryClient implements AutoCloseable {

    /** How long {@link #request} and {@link #requestAsync} wait for an answer. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final Clt<OrderEntry> clt;

    private OrderEntryClient(Clt<OrderEntry> clt) {
        this.clt = clt;
    }

    /** Connects over TCP and logs in as {@code user} with the default trader configuration. Blocks until logged in. */
    public static OrderEntryClient tcp(SocketAddress exchange, String user, String password) throws IOException {
        return tcp(exchange, OrderEntryProtocol.trader(user, password).build());
    }

    /**
     * Connects over TCP with {@code config} (from {@link OrderEntryProtocol#trader}). Blocks until
     * logged in; from a virtual thread without pinning its carrier.
     *
     * @throws io.salvo.messaging.ConnectionClosedException if the login was refused or timed out
     */
    public static OrderEntryClient tcp(SocketAddress exchange, MessagingConfig<OrderEntry> config) throws IOException {
        return new OrderEntryClient(Clt.connect(exchange, config));
    }

    /**
     * A session over datagrams from {@code transport} (which the client now owns) to {@code exchange},
     * logged in when this returns. Unreliable: a lost request or answer shows as a timeout here and
     * in the stats, never as a wrong answer.
     */
    public static OrderEntryClient udp(DatagramTransport transport, SocketAddress exchange, MessagingConfig<OrderEntry> config)
            throws IOException {
        return new OrderEntryClient(Clt.overDatagrams(transport, exchange, config));
    }

    /**
     * Blocking flavour: sends {@code request} and parks the thread (a virtual thread leaves its
     * carrier) until the answer is in.
     *
     * @throws SocketTimeoutException if no answer came within {@link #REPLY_TIMEOUT}
     * @throws io.salvo.messaging.ConnectionClosedException if the session ended
     */
    public OrderEntry request(OrderEntry request) throws IOException {
        clt.send(request);
        return answerOrTimeout(clt.recvBlocking(REPLY_TIMEOUT), REPLY_TIMEOUT);
    }

    /**
     * Non-blocking flavour for a thread that owns a core: queues {@code request} and busy-spins
     * (never parks) until the answer is in, at most {@code timeout} for each half.
     *
     * @throws SocketTimeoutException if no answer came within {@code timeout}
     */
    public OrderEntry requestSpinning(OrderEntry request, Duration timeout) throws IOException {
        clt.send(request, timeout);
        return answerOrTimeout(clt.recv(timeout), timeout);
    }

    /**
     * Asynchronous flavour: a future completed with the answer by the poller thread (actions
     * attached to it run there: they must not block). One at a time: start the next one when
     * this one completed, for instance with {@code thenCompose}. Fails with a
     * {@link java.util.concurrent.TimeoutException} after {@link #REPLY_TIMEOUT}.
     */
    public CompletableFuture<OrderEntry> requestAsync(OrderEntry request) {
        Objects.requireNonNull(request, "request");
        return clt.sendAsync(request).thenCompose(sent -> clt.recvAsync())
                .orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connection itself: stats, a handler for the callback style, split halves. */
    public Clt<OrderEntry> connection() {
        return clt;
    }

    /** Ends the session; the exchange cancels its live orders. Idempotent. */
    @Override
    public void close() {
        clt.close();
    }

    private OrderEntry answerOrTimeout(OrderEntry answer, Duration waited) throws SocketTimeoutException {
        if (answer == null) {
            throw new SocketTimeoutException(clt.name() + ": no answer within " + waited.toMillis() + " ms");
        }
        return answer;
    }
}
