package io.salvo.bench.messaging;

import io.salvo.bench.RoundTripClock;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.messaging.BenchMessage.Ack;
import io.salvo.bench.messaging.BenchMessage.Order;
import io.salvo.bench.tcp.OneWayRun;
import io.salvo.bench.tcp.OneWayWindow;
import io.salvo.messaging.Clt;
import io.salvo.messaging.ConnectionClosedException;
import io.salvo.messaging.Framers;
import io.salvo.messaging.MessageHandler;
import io.salvo.messaging.MessagingConfig;
import io.salvo.messaging.MessagingPoller;
import io.salvo.messaging.Svc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * salvo-messaging's {@link Clt}/{@link Svc} with the benchmark's records, as an application would
 * write them: a 4-byte length framer, {@link SalvoBenchCodec}, and the defaults otherwise
 * ({@code TCP_NODELAY}, native TCP). The server and the client each get their own
 * {@link MessagingPoller}, as they would in two processes. See {@link Mode} for the flavours.
 */
final class SalvoMessaging implements MessagingSystem {

    /** The longest a run waits for one answer or one connection before it calls the run broken. */
    private static final Duration STUCK = Duration.ofSeconds(10);
    /** How long the spinning server spins in one {@code recv} before it looks again. */
    private static final Duration SPIN_SLICE = Duration.ofMillis(100);
    /** One-way sender: orders queued per flush (one gathering write when the kernel takes them all). */
    static final int MESSAGES_PER_FLUSH = 256;

    @Override
    public String name() {
        return "salvo";
    }

    @Override
    public List<Mode> modes() {
        return List.of(Mode.SPIN, Mode.POLLER, Mode.BLOCK);
    }

    static MessagingConfig<BenchMessage> config(String name, MessagingPoller poller) {
        return MessagingConfig.builder(Framers.lengthPrefixed(BenchMessage.HEADER, 256), SalvoBenchCodec::new)
                .name(name).poller(poller).build();
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public LatencyRun pingPong(Mode mode, RoundTripClock clock) throws Exception {
        try (MessagingPoller serverPoller = MessagingPoller.start("bench-svc-poller");
             MessagingPoller clientPoller = MessagingPoller.start("bench-clt-poller");
             Svc<BenchMessage> svc = Svc.bind(loopback(), config("bench-svc", serverPoller))) {
            SpinningServer spinning = null;
            if (mode == Mode.SPIN) {
                spinning = new SpinningServer(svc);
            } else {
                svc.onMessage(SalvoMessaging::answer);
            }
            try (Clt<BenchMessage> c = Clt.connect(svc.localAddress(), config("bench-clt", clientPoller))) {
                return switch (mode) {
                    case SPIN -> spinningClient(c, clock);
                    case POLLER -> callbackClient(c, clock);
                    case BLOCK -> blockingClient(c, clock);
                };
            } finally {
                if (spinning != null) {
                    spinning.join();
                }
            }
        }
    }

    /** The server's callback: an ack for each order, sent without blocking. */
    private static void answer(Clt<BenchMessage> from, BenchMessage m) throws IOException {
        if (!(m instanceof Order o)) {
            throw BenchMessage.damaged("the server got " + m);
        }
        if (!from.trySend(Ack.of(o))) {
            throw new IllegalStateException("the server's outbound queue is full");
        }
    }

    private static LatencyRun spinningClient(Clt<BenchMessage> c, RoundTripClock clock) throws IOException {
        while (clock.more()) {
            Order o = Order.number(clock.sequence());
            long t0 = System.nanoTime();
            if (!c.trySend(o)) {
                throw new IllegalStateException("the client's outbound queue is full");
            }
            BenchMessage reply = c.recv(STUCK); // spins
            long t1 = System.nanoTime();
            check(o, reply);
            clock.record(t1 - t0);
        }
        return clock.result();
    }

    private static LatencyRun blockingClient(Clt<BenchMessage> c, RoundTripClock clock) throws IOException {
        while (clock.more()) {
            Order o = Order.number(clock.sequence());
            long t0 = System.nanoTime();
            c.send(o);
            BenchMessage reply = c.recvBlocking(STUCK); // parks; the client's poller wakes it
            long t1 = System.nanoTime();
            check(o, reply);
            clock.record(t1 - t0);
        }
        return clock.result();
    }

    /** Each ack, handled on the client's poller thread, sends the next order from there. */
    private static LatencyRun callbackClient(Clt<BenchMessage> c, RoundTripClock clock) throws Exception {
        CompletableFuture<LatencyRun> result = new CompletableFuture<>();
        if (!clock.more()) {
            return clock.result();
        }
        PingHandler ping = new PingHandler(clock, result);
        ping.sendNext(c);
        // Set after the first send: the handler gets that answer too ("those already buffered"), and
        // handing it to the poller orders this thread's writes before the poller's reads.
        c.onMessage(ping);
        return result.get(clock.budgetNanos() / 1_000_000_000L + STUCK.toSeconds(), TimeUnit.SECONDS);
    }

    /** The callback client's state: the order in flight and when it left. Poller thread only, after the first send. */
    private static final class PingHandler implements MessageHandler<BenchMessage> {
        private final RoundTripClock clock;
        private final CompletableFuture<LatencyRun> result;
        private Order outstanding;
        private long sentAt;

        PingHandler(RoundTripClock clock, CompletableFuture<LatencyRun> result) {
            this.clock = clock;
            this.result = result;
        }

        void sendNext(Clt<BenchMessage> c) throws IOException {
            outstanding = Order.number(clock.sequence());
            sentAt = System.nanoTime();
            if (!c.trySend(outstanding)) {
                throw new IllegalStateException("the client's outbound queue is full");
            }
        }

        @Override
        public void onMessage(Clt<BenchMessage> from, BenchMessage reply) throws IOException {
            long now = System.nanoTime();
            check(outstanding, reply);
            clock.record(now - sentAt);
            if (clock.more()) {
                sendNext(from);
            } else {
                result.complete(clock.result());
            }
        }

        @Override
        public void onClose(Clt<BenchMessage> connection, ConnectionClosedException cause) {
            result.completeExceptionally(cause);
        }
    }

    private static void check(Order sent, BenchMessage reply) {
        if (reply == null) {
            throw new IllegalStateException("no answer to order " + sent.sequence() + " within " + STUCK.toSeconds() + " s");
        }
        if (!(reply instanceof Ack ack) || !ack.answers(sent)) {
            throw BenchMessage.damaged(reply + " does not answer " + sent);
        }
    }

    /** A server thread that owns its connection and busy-polls it: the spin flavour's other end. */
    private static final class SpinningServer {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Thread thread;

        SpinningServer(Svc<BenchMessage> svc) {
            thread = Thread.ofPlatform().name("bench-svc-spin").daemon().start(() -> {
                try (Clt<BenchMessage> c = svc.accept(STUCK)) {
                    if (c == null) {
                        throw new IllegalStateException("no connection within " + STUCK.toSeconds() + " s");
                    }
                    while (true) {
                        BenchMessage m = c.recv(SPIN_SLICE); // spins; null after a slice without a message
                        if (m != null) {
                            answer(c, m);
                        }
                    }
                } catch (ConnectionClosedException clientLeft) {
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        }

        /** Waits for the thread to end after the client closed; rethrows what broke it. */
        void join() throws Exception {
            done.get(STUCK.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public OneWayRun oneWay(double warmupSeconds, double seconds) throws Exception {
        OneWayWindow.Progress progress = new OneWayWindow.Progress();
        AtomicBoolean running = new AtomicBoolean(true);
        try (MessagingPoller serverPoller = MessagingPoller.start("bench-svc-poller");
             MessagingPoller clientPoller = MessagingPoller.start("bench-clt-poller");
             Svc<BenchMessage> svc = Svc.bind(loopback(), config("bench-svc", serverPoller))) {
            svc.onMessage(new CountingHandler(progress));
            try (Clt<BenchMessage> c = Clt.connect(svc.localAddress(), config("bench-clt", clientPoller))) {
                Thread sender = Thread.ofPlatform().name("bench-clt-sender").daemon().start(() -> stream(c, running, progress));
                try {
                    return OneWayWindow.measure(progress, warmupSeconds, seconds);
                } finally {
                    running.set(false);
                    sender.join(STUCK.toMillis());
                }
            }
        }
    }

    /**
     * The sender: bursts of {@link #MESSAGES_PER_FLUSH} orders queued and flushed together; when
     * the queue is at its bound, one blocking send parks until the kernel took some, as Netty's
     * sender waits for writability.
     */
    private static void stream(Clt<BenchMessage> c, AtomicBoolean running, OneWayWindow.Progress progress) {
        long sequence = 0;
        try {
            while (running.get()) {
                for (int i = 0; i < MESSAGES_PER_FLUSH; i++) {
                    Order o = Order.number(sequence);
                    if (!c.tryEnqueue(o)) {
                        c.flush();
                        c.send(o);
                    }
                    sequence++;
                }
                c.flush();
            }
        } catch (ConnectionClosedException e) {
            if (running.get()) {
                progress.failed(e);
            }
        } catch (Throwable t) {
            progress.failed(t);
        }
    }

    /** The one-way server's callback: checks each order's sequence number, publishes the count. Poller thread. */
    private static final class CountingHandler implements MessageHandler<BenchMessage> {
        private final OneWayWindow.Progress progress;
        private long expected;

        CountingHandler(OneWayWindow.Progress progress) {
            this.progress = progress;
        }

        @Override
        public void onMessage(Clt<BenchMessage> from, BenchMessage m) {
            if (expected == 0) {
                progress.receiverStarted();
            }
            if (!(m instanceof Order o) || o.sequence() != expected) {
                IllegalStateException e = BenchMessage.damaged("expected order " + expected + ", got " + m);
                progress.failed(e);
                throw e;
            }
            expected++;
            progress.published(expected);
        }
    }
}
