package io.salvo.messaging;

import io.salvo.loop.IdleStrategy;
import io.salvo.loop.LoopConfig;
import io.salvo.loop.LoopErrorHandler;
import io.salvo.loop.Poller;
import io.salvo.loop.Readiness;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The thread that services messaging connections: a {@link Poller} over every connection and
 * listener it is given, plus the one timer they share (read deadlines, heartbeats, logins) and a
 * task queue. Connections read in the background on it, finish partial writes on it, and wake the
 * application threads that wait in {@code send}/{@code recv}; asynchronous handlers run on it.
 *
 * <p>One poller serves many connections. By default they share one started on first use and
 * stopped when the last connection or service using it closes; {@link #start(String)} makes one you
 * own and close, to give to a {@link MessagingConfig#poller()}. Close it only after the
 * connections it serves.
 *
 * <p><b>Threads.</b> {@link #close()} is safe from any thread; from the poller thread itself it stops
 * the loop without waiting for it. Idle, the thread sleeps in {@code epoll_wait} for at most 10 ms
 * or until the next deadline.
 */
public final class MessagingPoller implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MessagingPoller.class.getName());
    /** The longest wait between two looks at the task queue. */
    private static final long MAX_WAIT_NANOS = 10_000_000L;

    private static MessagingPoller shared;
    private static int sharedUsers;

    private final String name;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final DeadlineQueue deadlines = new DeadlineQueue(LOG);
    private final Poller poller;
    private volatile Thread thread;

    private MessagingPoller(String name) throws IOException {
        this.name = name;
        LoopConfig config = LoopConfig.defaults().withStop(stop).withIdle(new TimerIdle())
                .withErrorHandler(error -> {
                    LOG.log(System.Logger.Level.WARNING, name + ": a poller callback failed; going on", error);
                    return LoopErrorHandler.Action.CONTINUE;
                });
        this.poller = Poller.start(name, config);
    }

    /** Starts a poller on a new platform thread named {@code name}; the caller closes it. */
    public static MessagingPoller start(String name) throws IOException {
        return new MessagingPoller(name);
    }

    /** The shared poller, started if needed; each call must be paired with {@link #releaseShared}. */
    static synchronized MessagingPoller acquireShared() throws IOException {
        if (shared == null || shared.stop.isDone()) {
            shared = new MessagingPoller("salvo-messaging");
            sharedUsers = 0;
        }
        sharedUsers++;
        return shared;
    }

    /** Gives back a use of the shared poller; the last one stops it (outside the lock: stopping may wait for its thread). */
    static void releaseShared(MessagingPoller p) {
        boolean last;
        synchronized (MessagingPoller.class) {
            last = p == shared && --sharedUsers == 0;
            if (last) {
                shared = null;
            }
        }
        if (last) {
            p.close();
        }
    }

    /**
     * One more use of {@code p}, which {@code config} already uses (a service's new connection):
     * false when it is the shared poller and its last use was given back meanwhile.
     */
    static boolean retain(MessagingConfig<?> config, MessagingPoller p) {
        if (config.poller() != null) {
            return true;
        }
        synchronized (MessagingPoller.class) {
            if (p != shared || p.stop.isDone()) {
                return false;
            }
            sharedUsers++;
            return true;
        }
    }

    /** The poller for {@code config}: its own, or a use of the shared one (see {@link #release}). */
    static MessagingPoller forConfig(MessagingConfig<?> config) throws IOException {
        return config.poller() != null ? config.poller() : acquireShared();
    }

    /** Gives back what {@link #forConfig} took. */
    static void release(MessagingConfig<?> config, MessagingPoller p) {
        if (config.poller() == null) {
            releaseShared(p);
        }
    }

    /** The name of its thread. */
    public String name() {
        return name;
    }

    /** Completes when the poller has stopped. */
    public CompletableFuture<Void> stopped() {
        return stop;
    }

    Poller poller() {
        return poller;
    }

    /** True on the poller's own thread, where nothing may block. */
    boolean isPollerThread() {
        return Thread.currentThread() == thread;
    }

    /** Called from callbacks: the poller thread is the one calling. */
    void notePollerThread() {
        if (thread == null) {
            thread = Thread.currentThread();
        }
    }

    /** Runs {@code task} on the poller thread soon (at the end of this round when called from it). */
    void execute(Runnable task) {
        tasks.add(task);
        if (!isPollerThread()) {
            poller.unregister(WAKE_KEY); // a no-op change whose only effect is to wake the poller
        }
    }

    /** Runs {@code slot}'s task at {@code atNanos}; poller thread only. */
    void schedule(DeadlineQueue.Slot slot, long atNanos) {
        deadlines.schedule(slot, atNanos);
    }

    /** Stops the poller thread; waits for it unless called from it. Does not close connections. */
    @Override
    public void close() {
        stop.complete(null);
        if (isPollerThread()) {
            poller.unregister(WAKE_KEY);
            return;
        }
        try {
            poller.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MessagingPoller[" + name + "]";
    }

    /** The idle strategy of the loop: runs tasks and due deadlines, then waits at most until the next one. */
    private final class TimerIdle implements IdleStrategy {
        @Override
        public void idle(int workCount, Readiness readiness) throws IOException {
            notePollerThread();
            int work = workCount + runTasks();
            long now = System.nanoTime();
            work += deadlines.runDue(now);
            if (work > 0 || !tasks.isEmpty()) {
                return;
            }
            long wait = Math.min(MAX_WAIT_NANOS, deadlines.nanosUntilNext(now));
            if (wait > 0) {
                readiness.await(wait);
            }
        }

        private int runTasks() {
            int n = 0;
            Runnable task;
            // Only what is queued now: a task that queues another does not keep this round going.
            for (int limit = tasks.size(); limit > 0 && (task = tasks.poll()) != null; limit--) {
                n++;
                try {
                    task.run();
                } catch (RuntimeException | Error failure) {
                    LOG.log(System.Logger.Level.WARNING, name + ": a poller task failed; going on", failure);
                }
            }
            return n;
        }
    }

    /** A key never registered: unregistering it wakes the poller and changes nothing. */
    private static final StreamListener<StreamTransport> WAKE_KEY = new StreamListener<>() {
        @Override
        public StreamTransport accept() {
            return null;
        }

        @Override
        public boolean awaitAcceptable(long timeoutNanos) {
            return false;
        }

        @Override
        public SocketAddress localAddress() {
            return null;
        }

        @Override
        public long accepted() {
            return 0;
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
