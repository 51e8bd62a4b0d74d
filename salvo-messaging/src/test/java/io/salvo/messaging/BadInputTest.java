package io.salvo.messaging;

import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static io.salvo.messaging.Messaging.awaitTrue;
import static io.salvo.messaging.Messaging.config;
import static io.salvo.messaging.Messaging.recvOrFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and broken peers: each gets a precise exception or a closed connection with a counter,
 * never a hang, an unbounded queue or a dead poller thread (checked after every test).
 */
class BadInputTest {

    private static final int MAX_FRAME = 1024;
    private static MessagingPoller poller;
    private Svc<Msg> echo;

    @BeforeAll
    static void startPoller() throws IOException {
        poller = MessagingPoller.start("bad-input-poller");
    }

    @AfterAll
    static void stopPoller() {
        poller.close();
    }

    private static MessagingConfig.Builder<Msg> strict() {
        return MessagingConfig.builder(new LengthPrefixTestFramer(MAX_FRAME), MsgCodec::new).name("strict")
                .poller(poller);
    }

    /** After each hostile peer, the poller thread still serves a well-behaved client. */
    @AfterEach
    void thePollerStillServes() throws IOException {
        assertThat(poller.stopped()).isNotDone();
        try (Svc<Msg> svc = Svc.bind(ANY_LOCAL_PORT, strict().name("still-alive").build());
             Clt<Msg> c = Clt.connect(svc.localAddress(), strict().build())) {
            svc.onAccept(conn -> conn.onMessage((from, m) -> from.trySend(Msg.response(m))));
            c.send(Msg.request(42));
            assertThat(recvOrFail(c).id()).isEqualTo(42);
        }
        if (echo != null) {
            echo.close();
        }
    }

    private Svc<Msg> service(MessagingConfig<Msg> config) throws IOException {
        echo = Svc.bind(ANY_LOCAL_PORT, config);
        echo.onMessage((from, m) -> from.trySend(Msg.response(m)));
        return echo;
    }

    private static Socket rawClient(Svc<Msg> svc) throws IOException {
        Socket s = new Socket();
        s.connect(svc.localAddress());
        s.setSoTimeout((int) PATIENCE.toMillis());
        return s;
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketException reset) {
            return true;
        }
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    /** A Clt over a Unix pair whose other end the test writes raw bytes to. */
    private record Pair(RawPeer peer, Clt<Msg> clt) implements AutoCloseable {
        static Pair open(MessagingConfig<Msg> config) throws IOException {
            UnixStreamTransport[] p = UnixStreamTransport.pair();
            return new Pair(new RawPeer(p[0]), Clt.over(p[1], config));
        }

        @Override
        public void close() {
            clt.close();
            peer.close();
        }
    }

    private static ConnectionClosedException recvFailure(Clt<Msg> c) {
        try {
            Msg m = c.recvBlocking(PATIENCE);
            throw new AssertionError("expected the connection to close, got " + m);
        } catch (ConnectionClosedException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a ConnectionClosedException", e);
        }
    }

    // ---------------------------------------------------------------- bytes that cannot be frames

    @Test
    void anOversizedLengthClosesTheConnectionWithAFramingError() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            p.peer().write(RawPeer.frames(Msg.request(1)));
            p.peer().write(header(MAX_FRAME)); // header + MAX_FRAME is one byte too many
            assertThat(recvOrFail(p.clt())).isEqualTo(Msg.request(1)); // what came before is delivered
            ConnectionClosedException e = recvFailure(p.clt());
            assertThat(e.closeCause()).isEqualTo(CloseCause.FRAMING_ERROR);
            assertThat(e.getCause()).isInstanceOf(FramingException.class).hasMessageContaining("over the maximum");
            assertThat(p.clt().stats().closeCause()).isEqualTo(CloseCause.FRAMING_ERROR);
            assertThat(p.peer().awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void anImpossibleLengthClosesTheConnectionWithAFramingError() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            p.peer().write(header(-16));
            ConnectionClosedException e = recvFailure(p.clt());
            assertThat(e.closeCause()).isEqualTo(CloseCause.FRAMING_ERROR);
            assertThat(e).hasMessageContaining("impossible payload length -16");
        }
    }

    @Test
    void garbageBytesAreCountedAsFramingErrorsByTheService() throws Exception {
        Svc<Msg> svc = service(strict().build());
        try (Socket s = rawClient(svc)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByPeer(s)).isTrue();
        }
        awaitTrue("the framing error counted", () -> svc.stats().closed(CloseCause.FRAMING_ERROR) == 1);
        assertThat(svc.stats().live()).isZero();
    }

    @Test
    void aFrameTheCodecRefusesClosesWithADecodeErrorAfterTheGoodOnes() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            byte[] good = RawPeer.frames(Msg.request(1), Msg.request(2));
            byte[] bad = {0, 0, 0, 9, 77, 0, 0, 0, 0, 0, 0, 0, 1}; // a type the codec does not know
            byte[] after = RawPeer.frames(Msg.request(3));
            p.peer().write(good);
            p.peer().write(bad);
            p.peer().write(after);
            assertThat(recvOrFail(p.clt()).id()).isEqualTo(1);
            assertThat(recvOrFail(p.clt()).id()).isEqualTo(2);
            ConnectionClosedException e = recvFailure(p.clt());
            assertThat(e.closeCause()).isEqualTo(CloseCause.DECODE_ERROR);
            assertThat(e.getCause()).hasMessageContaining("unknown message type 77");
            assertThatThrownBy(() -> p.clt().tryRecv()).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void aPartialFrameFollowedByADisconnectIsReportedAfterTheCompleteOnes() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            byte[] next = RawPeer.frames(Msg.request(2));
            p.peer().write(RawPeer.frames(Msg.request(1)));
            p.peer().write(next, 0, 6);
            p.peer().transport().shutdownOutput();
            assertThat(recvOrFail(p.clt()).id()).isEqualTo(1);
            ConnectionClosedException e = recvFailure(p.clt());
            assertThat(e.closeCause()).isEqualTo(CloseCause.PEER_CLOSED_MID_FRAME);
            assertThat(e).hasMessageContaining("6 bytes into a frame");
        }
    }

    @Test
    void aCleanDisconnectIsPeerClosed() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            p.peer().write(RawPeer.frames(Msg.request(1)));
            p.peer().close();
            assertThat(recvOrFail(p.clt()).id()).isEqualTo(1);
            assertThat(recvFailure(p.clt()).closeCause()).isEqualTo(CloseCause.PEER_CLOSED);
        }
    }

    // ---------------------------------------------------------------- slow and greedy peers

    @Test
    void aSlowlorisPeerIsClosedAtTheReadDeadline() throws Exception {
        try (Pair p = Pair.open(strict().readDeadline(Duration.ofMillis(300)).build())) {
            p.peer().write(header(100));
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        p.peer().write(new byte[] {7});
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the connection was cut
                }
            });
            ConnectionClosedException e = recvFailure(p.clt());
            assertThat(e.closeCause()).isEqualTo(CloseCause.READ_DEADLINE);
            assertThat(e).hasMessageContaining("still incomplete").hasMessageContaining("read deadline 300 ms");
            assertThat(p.clt().stats().closeCause()).isEqualTo(CloseCause.READ_DEADLINE);
            dripper.interrupt();
            dripper.join(PATIENCE);
        }
    }

    @Test
    void aSlowlorisPeerOfAServiceIsCountedAndCut() throws Exception {
        Svc<Msg> svc = service(strict().readDeadline(Duration.ofMillis(300)).build());
        try (Socket s = rawClient(svc)) {
            OutputStream out = s.getOutputStream();
            out.write(header(100));
            boolean cut = false;
            for (int i = 0; i < PATIENCE.toMillis() / 50 && !cut; i++) {
                try {
                    out.write(1);
                    out.flush();
                    Thread.sleep(50);
                } catch (SocketException e) {
                    cut = true;
                }
                cut |= svc.stats().closed(CloseCause.READ_DEADLINE) == 1;
            }
            assertThat(cut).isTrue();
        }
        awaitTrue("the slow peer counted", () -> svc.stats().closed(CloseCause.READ_DEADLINE) == 1);
    }

    @Test
    void aConnectionFloodBeyondTheLimitIsAcceptedClosedAndCounted() throws Exception {
        Svc<Msg> svc = service(strict().maxConnections(4).build());
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                flood.add(rawClient(svc));
            }
            awaitTrue("16 refused", () -> svc.stats().overCapacity() == 16);
            assertThat(svc.stats().live()).isEqualTo(4);
            assertThat(svc.stats().accepted()).isEqualTo(20);
            int cut = 0;
            for (Socket s : flood.subList(4, 20)) {
                cut += closedByPeer(s) ? 1 : 0;
            }
            assertThat(cut).isEqualTo(16);
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
        awaitTrue("the first four gone", () -> svc.stats().live() == 0);
        try (Clt<Msg> c = Clt.connect(svc.localAddress(), strict().build())) {
            c.send(Msg.request(5));
            assertThat(recvOrFail(c).id()).isEqualTo(5);
        }
    }

    @Test
    void aPeerThatNeverReadsBacksUpToTheBoundThenEverySendSaysSo() throws Exception {
        int bound = 256 * 1024;
        TcpOptions small = TcpOptions.builder().sendBufferSize(16 * 1024).receiveBufferSize(16 * 1024).build();
        try (TcpListener listener = TcpListener.bind(ANY_LOCAL_PORT, small);
             Clt<Msg> c = Clt.connect(listener.localAddress(), strict().maxQueuedBytes(bound).tcpOptions(small)
                     .sendTimeout(Duration.ofMillis(300)).build())) {
            assertThat(listener.awaitAcceptable(PATIENCE.toNanos())).isTrue();
            TcpTransport neverReads = listener.accept();
            assertThat(neverReads).isNotNull();
            try {
                Msg m = new Msg(Msg.REQUEST, 1, "z".repeat(900));
                int queued = 0;
                while (c.trySend(m)) {
                    queued++;
                    assertThat(queued).as("the bound must stop it").isLessThan(100_000);
                }
                assertThat(c.stats().queuedBytes()).isBetween((long) bound - 1000, (long) bound);
                // The kernel may still take a trickle as the receiver squeezes its buffers: every flavour
                // sends until the queue stays full for as long as it may wait, then says so precisely.
                assertThat(untilFull(() -> c.send(m, Duration.ofMillis(100))))
                        .hasMessageContaining("not reading").hasMessageContaining("for 100 ms");
                assertThat(untilFull(() -> c.send(m))).hasMessageContaining("for 300 ms");
                assertThat(untilFull(() -> {
                    CompletableFuture<Void> async = c.sendAsync(m);
                    if (async.isCompletedExceptionally()) {
                        try {
                            async.get(1, TimeUnit.SECONDS);
                        } catch (ExecutionException e) {
                            throw (IOException) e.getCause();
                        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                            throw new AssertionError(e);
                        }
                    }
                })).hasMessageContaining("not reading");
                assertThat(c.isOpen()).isTrue();
                assertThat(c.stats().queuedBytes()).isLessThanOrEqualTo(bound);
            } finally {
                neverReads.close();
            }
        }
    }

    private interface Send {
        void send() throws IOException;
    }

    /** Sends until the outbound queue is reported full; the kernel's buffers are finite, so this ends. */
    private static OutboundQueueFullException untilFull(Send send) throws IOException {
        for (int sent = 0; sent < 100_000; sent++) {
            try {
                send.send();
            } catch (OutboundQueueFullException full) {
                return full;
            }
        }
        throw new AssertionError("100000 sends to a peer that never reads all succeeded");
    }

    @Test
    void aMessageTooLargeForAFrameIsRefusedAndTheConnectionStaysOpen() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            assertThatThrownBy(() -> p.clt().trySend(new Msg(Msg.REQUEST, 1, "y".repeat(MAX_FRAME))))
                    .isInstanceOf(FramingException.class).hasMessageContaining("maxFrameSize");
            assertThat(p.clt().trySend(Msg.request(2))).isTrue();
            assertThat(p.peer().readMessages(1)).containsExactly(Msg.request(2));
        }
    }

    @Test
    void blockingCallsOnThePollerThreadAreRefusedNotDeadlocked() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            p.clt().onMessage((from, m) -> {
                try {
                    from.send(Msg.response(m));
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            p.peer().write(RawPeer.frames(Msg.request(1)));
            assertThat(seen.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("poller thread");
        }
    }

    @Test
    void aHandlerThatThrowsClosesItsConnectionWithACause() throws Exception {
        try (Pair p = Pair.open(strict().build())) {
            CompletableFuture<ConnectionClosedException> closed = new CompletableFuture<>();
            p.clt().onMessage(new MessageHandler<>() {
                @Override
                public void onMessage(Clt<Msg> from, Msg message) {
                    throw new IllegalArgumentException("bad day");
                }

                @Override
                public void onClose(Clt<Msg> connection, ConnectionClosedException cause) {
                    closed.complete(cause);
                }
            });
            p.peer().write(RawPeer.frames(Msg.request(1)));
            ConnectionClosedException e = closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.closeCause()).isEqualTo(CloseCause.HANDLER_FAILED);
            assertThat(e).hasMessageContaining("bad day");
        }
    }

    @Test
    void connectingToNothingFailsPreciselyAfterTheRetries() {
        InetSocketAddress nothing;
        try (TcpListener l = TcpListener.bind(ANY_LOCAL_PORT)) {
            nothing = l.localAddress();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> Clt.connect(nothing, strict()
                .retry(RetryPolicy.of(3, Duration.ofMillis(20), Duration.ofMillis(40))).build()))
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }
}
