package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The poller's timers, tasks and read interest, on a real poller thread. Assertions are about what
 * ran, where and never-before-the-deadline; none depends on how promptly a loaded machine runs it.
 */
class PollerTimersTest {

    /** A fresh configuration each time: each poller its own stop signal. */
    private static LoopConfig blocking() {
        return LoopConfig.defaults().withIdle(IdleStrategies.blocking());
    }

    @Test
    void aTimerRunsOnceOnThePollerThreadNotBeforeItsDelay() throws Exception {
        try (Poller poller = Poller.start("timers", blocking())) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicLong elapsed = new AtomicLong();
            List<String> threads = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            PollerTimer t = poller.schedule(TimeUnit.MILLISECONDS.toNanos(50), () -> {
                elapsed.set(System.nanoTime() - start);
                threads.add(Thread.currentThread().getName());
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(elapsed.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(threads).containsExactly("timers");
            assertThat(t.hasFired()).isTrue();
            assertThat(t.cancel()).as("too late to cancel").isFalse();
        }
    }

    @Test
    void manyTimersFromManyThreadsEachRunOnceAndCancelledOnesNever() throws Exception {
        try (Poller poller = Poller.start("timers", blocking())) {
            int perThread = 2_000;
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger early = new AtomicInteger();
            AtomicInteger ranCancelled = new AtomicInteger();
            List<Thread> threads = new java.util.ArrayList<>();
            AtomicInteger cancelled = new AtomicInteger();
            for (int th = 0; th < 4; th++) {
                int seed = th;
                threads.add(Thread.ofPlatform().start(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    for (int i = 0; i < perThread; i++) {
                        long delay = random.nextInt(1_500) * 1_000_000L; // up to 1.5 s: past one revolution
                        long due = System.nanoTime() + delay;
                        boolean[] isCancelled = new boolean[1];
                        PollerTimer t = poller.schedule(delay, () -> {
                            if (System.nanoTime() < due) {
                                early.incrementAndGet();
                            }
                            if (isCancelled[0]) {
                                ranCancelled.incrementAndGet();
                            }
                            ran.incrementAndGet();
                        });
                        if (i % 5 == 0 && delay > 200_000_000L) {
                            isCancelled[0] = t.cancel();
                            if (isCancelled[0]) {
                                cancelled.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ran.get() + cancelled.get() < 4 * perThread && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ran.get() + cancelled.get()).isEqualTo(4 * perThread);
            assertThat(cancelled.get()).isPositive();
            assertThat(early.get()).as("ran before their delay").isZero();
            assertThat(ranCancelled.get()).as("ran although cancelled").isZero();
        }
    }

    @Test
    void timersScheduledAndCancelledOnThePollerThread() throws Exception {
        try (Poller poller = Poller.start("timers", blocking())) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger cancelledRan = new AtomicInteger();
            poller.execute(() -> {
                PollerTimer never = poller.schedule(TimeUnit.MILLISECONDS.toNanos(20), cancelledRan::incrementAndGet);
                poller.schedule(TimeUnit.MILLISECONDS.toNanos(5), () -> {
                    assertThat(never.cancel()).isTrue(); // on the poller thread: out of the wheel at once
                    poller.schedule(TimeUnit.MILLISECONDS.toNanos(60), done::countDown); // a timer from a timer
                });
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledRan.get()).isZero();
        }
    }

    @Test
    void taskAndTimerFailuresGoToTheErrorHandlerAndThePollerGoesOn() throws Exception {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        LoopConfig config = blocking().withErrorHandler(e -> {
            errors.add(e);
            return LoopErrorHandler.Action.CONTINUE;
        });
        try (Poller poller = Poller.start("timers", config)) {
            CountDownLatch after = new CountDownLatch(2);
            poller.execute(() -> {
                throw new IllegalStateException("task");
            });
            poller.schedule(0, () -> {
                throw new IllegalStateException("timer");
            });
            poller.execute(after::countDown);
            poller.schedule(TimeUnit.MILLISECONDS.toNanos(10), after::countDown);
            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(errors).extracting(Throwable::getMessage).containsExactlyInAnyOrder("task", "timer");
        }
    }

    @Test
    void aStoppedPollerRefusesTasksAndTimers() throws Exception {
        Poller poller = Poller.start("timers", blocking());
        poller.close();
        assertThatThrownBy(() -> poller.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> poller.schedule(1, () -> { })).isInstanceOf(IllegalStateException.class);
        Poller other = Poller.start("timers", blocking());
        try {
            assertThatThrownBy(() -> other.schedule(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> other.schedule(Long.MAX_VALUE, () -> { })).isInstanceOf(IllegalArgumentException.class);
        } finally {
            other.close();
        }
    }

    /**
     * Read interest off: the handler is not called however much arrives (TCP flow control holds the
     * peer); on again: called at once, and everything sent is there.
     */
    @Test
    void readInterestOffHoldsTheHandlerAndOnResumesIt() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Poller poller = Poller.start("reads", blocking());
             SocketChannel client = SocketChannel.open(listener.localAddress())) {
            TcpTransport server = awaitAccept(listener);
            AtomicInteger calls = new AtomicInteger();
            AtomicLong bytes = new AtomicLong();
            DatagramBuffer in = DatagramBuffer.allocate(64 * 1024, 0);
            poller.register(server, new Handlers.StreamHandler() {
                @Override
                public boolean onReadable(StreamTransport t) throws Exception {
                    calls.incrementAndGet();
                    in.reset();
                    int n = t.read(in);
                    if (n > 0) {
                        bytes.addAndGet(n);
                    }
                    return false;
                }
            });
            poller.setReadInterest(server, false);
            CountDownLatch applied = new CountDownLatch(1);
            poller.execute(applied::countDown); // runs after the change above: commands run in order
            assertThat(applied.await(10, TimeUnit.SECONDS)).isTrue();
            int before = calls.get();
            client.write(ByteBuffer.wrap(new byte[10_000]));
            Thread.sleep(300);
            assertThat(calls.get()).as("no onReadable while read interest is off").isEqualTo(before);
            poller.setReadInterest(server, true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bytes.get() < 10_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(bytes.get()).isEqualTo(10_000);
            server.close();
        }
    }

    private static TcpTransport awaitAccept(TcpListener listener) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            TcpTransport t = listener.accept();
            if (t != null) {
                return t;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no connection accepted");
    }
}
