package io.salvo.loop;

import io.salvo.internal.ReadinessSignal;
import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.loop.PollerRegistration.Wakeup;
import io.salvo.packet.PacketBatch;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread servicing many transports and listeners, after Aeron's agents. Datagram transports
 * get a batch and a batch callback; stream transports a {@link Handlers.StreamHandler} that reads
 * (and writes) itself; listeners an {@link Handlers.AcceptHandler} per connection.
 *
 * <p><b>Cost follows activity.</b> On Linux every native transport and listener is in one
 * level-triggered {@code epoll} set whose events carry a slot number and a generation; each round
 * services only what {@code epoll_wait} reported (plus what asked for another turn), so the cost of
 * a round does not grow with the number registered, and an event for a registration that is gone,
 * or for a descriptor number the kernel reused since, never reaches a handler. The loopback transport
 * has no descriptor but signals the poller when a datagram is queued for it, so it costs nothing
 * while nothing arrives either. Each registration gets at most {@link LoopConfig#maxReady()} receives
 * or accepts per round, so a flooded one cannot starve a quiet one. Idle, with a blocking strategy,
 * the thread sleeps in {@code epoll_wait} without a timeout: a readiness event, a signal, a change
 * or the stop signal wakes it.
 *
 * <p><b>Readiness includes what is held.</b> A datagram transport that
 * {@linkplain DatagramTransport#holdsReceivedDatagrams() holds received datagrams}, or a stream
 * handler that returns true, is serviced again next round and the poller does not block meanwhile.
 * Two cases cap the wait at 1 ms, and are looked at every round: transports with nothing to wait on
 * (the NIO fallbacks), and loopback transports while datagrams are in flight for them that become
 * deliverable later on their network's clock (a simulated delay, or held back to be reordered).
 *
 * <p><b>Batches.</b> Datagram registrations share one batch of {@link LoopConfig#batchSize()} slots,
 * made once: a handler has the batch only for the duration of its call. A transport receiving with
 * GRO gets a batch of its own, allocated by {@code register}, because the rest of a super-buffer
 * waits in the batch that received it. Each receive asks for about twice as many datagrams as
 * the last short one brought (at least 2), four times as many after a full one, up to the batch
 * size; a short receive ends the transport's turn.
 *
 * <p><b>Timers and tasks.</b> {@link #schedule} runs a task once on the poller thread after a delay,
 * through a hashed timing wheel of 1 ms ticks ({@link TimerWheel}): O(1) to add and cancel, so
 * heartbeats and timeouts for tens of thousands of connections cost one wheel, not one scheduled
 * task each, and the poller sleeps until the next tick that holds a timer. {@link #execute} runs a
 * task on the poller thread at the start of its next round. Timers and tasks pending when the poller
 * stops do not run.
 *
 * <p><b>Threads.</b> {@code register}, {@code unregister}, {@link #setWriteInterest},
 * {@link #setReadInterest}, {@link #schedule} and {@link #execute} are safe
 * from any thread and cost O(1): from the poller thread (inside a callback) they take effect at
 * once; from another thread they are queued and the poller woken once for the lot. After the
 * poller stopped, {@code register} throws {@link IllegalStateException}. Callbacks run on the
 * poller thread; an exception goes to the configured error handler (default: stop the poller,
 * completing {@link #stopped()} exceptionally). A transport that closes is dropped by the poller
 * itself. {@link #close()} stops the thread, waits for it, and frees the batches; it closes no
 * transport.
 */
public final class Poller implements AutoCloseable, Executor {

    /** Longest wait while something must be looked at again without a wake-up. */
    private static final long TIMED_LOOK_NANOS = 1_000_000L;
    private static final int EPOLL_EVENTS = 256;
    /** Buckets of the timing wheel: 1,024 ticks of 1 ms, about one second per revolution. */
    private static final int WHEEL_BUCKETS = 1024;
    /** Longest delay {@link #schedule} takes (about 146 years), so deadlines cannot overflow. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private final LoopConfig config;
    private final EpollSet epoll;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** SIGNAL registrations whose transport called since the poller last looked (added from any thread). */
    private final ConcurrentLinkedQueue<PollerRegistration> signals = new ConcurrentLinkedQueue<>();
    /** Set by the poller just before it blocks: only then does a change or a signal need a system call to wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;
    private final PollerRegistry registry;
    /** The batch datagram registrations share; made on the poller thread for the first of them. */
    private PacketBatch sharedBatch;
    private volatile int registeredCount;
    /** Set when the idle strategy's wait already collected epoll's events this round. */
    private boolean readinessCollected;
    /** Poller thread only. */
    private final TimerWheel timers = new TimerWheel(WHEEL_BUCKETS, System.nanoTime());

    private Poller(LoopConfig config, String name) throws IOException {
        this.config = config;
        this.epoll = NativeAccess.isAvailable() ? new EpollSet(EPOLL_EVENTS) : null;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::runLoop);
        this.registry = new PollerRegistry(epoll, new PollerRegistry.Hooks() {
            @Override
            public void closed(PollerRegistration r) {
                // Always queued, even from the poller thread: a handler that closes its own transport
                // is still inside the turn, which must not lose its batch under it.
                commands.add(() -> {
                    if (registry.get(r.key) == r) {
                        drop(r);
                    }
                });
                wake();
            }

            @Override
            public void signalled(PollerRegistration r) {
                signals.add(r);
                wake();
            }
        }, Poller.this::handleError);
        config.stop().whenComplete((v, e) -> wake()); // a stop from anywhere ends the wait at once
    }

    /** Starts a poller on a new platform thread named {@code name}. */
    public static Poller start(String name, LoopConfig config) throws IOException {
        Poller p = new Poller(config, name);
        p.thread.start();
        return p;
    }

    /** Completes when the poller has stopped: normally after {@link #close()}, exceptionally on an error it stopped for. */
    public CompletableFuture<Void> stopped() {
        return config.stop();
    }

    /** Registrations currently serviced (as of the last change the poller applied). */
    public int registered() {
        return registeredCount;
    }

    /**
     * Services {@code transport}: each received batch goes to {@code handler} on the poller thread.
     * Allocates nothing here unless the transport receives with GRO (then its own batch).
     */
    public void register(DatagramTransport transport, Handlers.BatchHandler handler) {
        ensureRunning();
        Wakeup wakeup = wakeupOf(transport);
        PacketBatch own = transport.capabilities().gro()
                ? PacketBatch.allocate(config.batchSize(), config.bufferCapacity(), config.headroom()) : null;
        submit(() -> add(new PollerRegistration.Datagrams(transport, handler, own != null ? own : sharedBatch(),
                own != null, wakeup)));
    }

    /** Services a stream transport: {@code handler} is called when it is readable (and writable, on request). */
    public void register(StreamTransport transport, Handlers.StreamHandler handler) {
        ensureRunning();
        Wakeup wakeup = wakeupOf(transport);
        submit(() -> add(new PollerRegistration.Stream(transport, handler, wakeup)));
    }

    /** Accepts connections on {@code listener}, up to {@code maxReady} per round, each handed to {@code handler}. */
    public <T extends StreamTransport> void register(StreamListener<T> listener, Handlers.AcceptHandler<T> handler) {
        ensureRunning();
        Wakeup wakeup = wakeupOf(listener);
        submit(() -> add(new PollerRegistration.Listener<>(listener, handler, wakeup)));
    }

    /**
     * Asks for (or stops asking for) {@link Handlers.StreamHandler#onWritable} calls while the
     * transport's send buffer has room: for a write the kernel took only part of.
     */
    public void setWriteInterest(StreamTransport transport, boolean on) {
        submit(() -> {
            if (registry.get(transport) instanceof PollerRegistration.Stream s && s.writeInterest != on) {
                s.writeInterest = on;
                registry.watch(s, false);
            }
        });
    }

    /**
     * Stops (or resumes) {@link Handlers.StreamHandler#onReadable} calls for a stream transport: back
     * pressure, for a handler whose consumer is full. While off, the kernel's receive buffer fills
     * and TCP flow control slows the peer. A hang-up or error is still reported through
     * {@code onReadable}, so a dead connection is not left registered. Turning it on gives the
     * handler a turn at once (data may have arrived meanwhile).
     */
    public void setReadInterest(StreamTransport transport, boolean on) {
        submit(() -> {
            if (registry.get(transport) instanceof PollerRegistration.Stream s && s.readInterest != on) {
                s.readInterest = on;
                registry.watch(s, false);
                if (on) {
                    s.ready |= PollerRegistration.READABLE;
                    registry.enqueue(s);
                }
            }
        });
    }

    /**
     * Runs {@code task} once on the poller thread, at least {@code delayNanos} from now and within
     * about a millisecond after (the wheel's tick). Safe from any thread; allocates the returned
     * handle (and, from another thread, a queued command). An exception from the task goes to the
     * error handler, like a callback's.
     *
     * @throws IllegalArgumentException if the delay is negative or over about 146 years
     * @throws IllegalStateException if the poller has stopped
     */
    public PollerTimer schedule(long delayNanos, Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        if (delayNanos < 0 || delayNanos > MAX_DELAY_NANOS) {
            throw new IllegalArgumentException("delay must be between 0 and " + MAX_DELAY_NANOS + " ns, got " + delayNanos);
        }
        ensureRunning();
        PollerTimer t = new PollerTimer(this, System.nanoTime() + delayNanos, task);
        submit(() -> {
            if (!t.isCancelled()) {
                timers.add(t);
            }
        });
        return t;
    }

    /** Called by {@link PollerTimer#cancel()}: on the poller thread the wheel lets go at once, else when it passes by. */
    void cancelled(PollerTimer t) {
        if (Thread.currentThread() == thread) {
            timers.remove(t);
        }
    }

    /**
     * Runs {@code task} on the poller thread at the start of its next round (also when called from
     * the poller thread: never inline). Safe from any thread. An exception goes to the error handler.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the poller has stopped
     */
    @Override
    public void execute(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        if (config.stop().isDone()) {
            throw new java.util.concurrent.RejectedExecutionException("the poller has stopped");
        }
        commands.add(() -> runTask(task));
        wake();
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Exception | Error e) {
            handleError(e);
        }
    }

    /** Runs the timers that are due; returns how many ran. */
    private int runDueTimers() {
        if (timers.size() == 0) {
            return 0; // no clock read on a round without timers; the wheel catches up when one comes
        }
        List<PollerTimer> due = timers.advance(System.nanoTime());
        int ran = 0;
        for (int i = 0; i < due.size() && !config.stop().isDone(); i++) {
            PollerTimer t = due.get(i);
            if (t.fire()) {
                runTask(t.task);
                ran++;
            }
        }
        return ran;
    }

    /** Stops servicing a datagram transport (its batch callback, if running, completes first). */
    public void unregister(DatagramTransport transport) {
        submit(() -> removeKey(transport));
    }

    /** Stops servicing a stream transport. */
    public void unregister(StreamTransport transport) {
        submit(() -> removeKey(transport));
    }

    /** Stops accepting on a listener. */
    public void unregister(StreamListener<?> listener) {
        submit(() -> removeKey(listener));
    }

    private void ensureRunning() {
        if (config.stop().isDone()) {
            throw new IllegalStateException("the poller has stopped");
        }
    }

    private Wakeup wakeupOf(Object transportOrListener) {
        if (epoll != null && EpollSet.canWatch(transportOrListener)) {
            return Wakeup.EPOLL;
        }
        return transportOrListener instanceof ReadinessSignal ? Wakeup.SIGNAL : Wakeup.EVERY_ROUND;
    }

    private PacketBatch sharedBatch() {
        if (sharedBatch == null) {
            sharedBatch = PacketBatch.allocate(config.batchSize(), config.bufferCapacity(), config.headroom());
        }
        return sharedBatch;
    }

    /** Runs a change now on the poller thread, else queues it and wakes the poller (once for many). */
    private void submit(Runnable change) {
        if (Thread.currentThread() == thread) {
            change.run();
            return;
        }
        commands.add(change);
        wake();
    }

    /**
     * Ends the poller's wait if it is in one (or about to be). While it runs this costs one volatile
     * read: a busy poller looks at its queues before it blocks, so storms of changes cost no wake-ups.
     */
    private void wake() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            if (epoll != null) {
                epoll.wake();
            } else {
                LockSupport.unpark(thread);
            }
        }
    }

    // ---------------------------------------------------------------- registrations (poller thread)

    private void add(PollerRegistration r) {
        registry.add(r);
        registeredCount = registry.size();
    }

    private void removeKey(Object key) {
        PollerRegistration r = registry.get(key);
        if (r != null) {
            drop(r);
        }
    }

    private void drop(PollerRegistration r) {
        registry.drop(r);
        registeredCount = registry.size();
    }

    // ---------------------------------------------------------------- the loop

    private void runLoop() {
        IdleStrategy idle = config.idle();
        Readiness readiness = new Readiness() {
            @Override
            public boolean await(long timeoutNanos) throws IOException {
                return awaitReady(timeoutNanos);
            }

            @Override
            public boolean wakesOnStop() {
                return true;
            }
        };
        try {
            while (!config.stop().isDone()) {
                applyCommands();
                takeSignals();
                if (epoll != null && !readinessCollected) {
                    collectReady(0); // level-triggered: note who is ready without waiting
                }
                readinessCollected = false;
                int work = runDueTimers() + serviceReady() + serviceEveryRound();
                idle.idle(work, readiness);
            }
        } catch (Throwable t) {
            config.stop().completeExceptionally(t);
        } finally {
            config.stop().complete(null);
            applyCommands(); // registrations that never made it in: added, then freed below with the rest
            for (PollerRegistration r : registry.all()) {
                drop(r);
            }
            if (epoll != null) {
                epoll.close();
            }
            if (sharedBatch != null) {
                sharedBatch.close();
            }
        }
    }

    private void applyCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    private void takeSignals() {
        PollerRegistration r;
        while ((r = signals.poll()) != null) {
            r.signalled.set(false); // before the look: a datagram queued from now on signals again
            if (r.slot >= 0) {
                r.ready |= PollerRegistration.READABLE;
                registry.enqueue(r);
            }
        }
    }

    /** Services the registrations that were ready when the round began; those still ready go round again. */
    private int serviceReady() {
        int work = 0;
        for (int n = registry.ready.size(); n > 0 && !config.stop().isDone(); n--) {
            PollerRegistration r = registry.ready.poll();
            r.queued = false;
            if (r.slot >= 0) {
                work += turn(r);
                if (r.slot >= 0) {
                    registry.afterTurn(r);
                }
            }
        }
        return work;
    }

    /** The registrations with nothing to wait on, and the loopback ones with datagrams still in flight. */
    private int serviceEveryRound() {
        int work = 0;
        List<PollerRegistration> everyRound = registry.everyRound;
        for (int i = 0; i < everyRound.size() && !config.stop().isDone(); i++) {
            PollerRegistration r = everyRound.get(i);
            work += turn(r);
            if (r.slot < 0) {
                i--; // dropped: the list shifted
            }
        }
        List<PollerRegistration> inFlight = registry.awaitingInFlight;
        for (int i = 0; i < inFlight.size() && !config.stop().isDone(); ) {
            PollerRegistration r = inFlight.get(i);
            work += turn(r);
            if (r.slot < 0) {
                continue; // dropped, and gone from the list
            }
            if (((ReadinessSignal) r.key).awaitsInFlightDatagrams()) {
                i++;
            } else {
                registry.noLongerInFlight(i);
            }
        }
        return work;
    }

    /** One registration's turn, with closes and errors handled. */
    private int turn(PollerRegistration r) {
        if (!r.isOpen()) {
            drop(r);
            return 0;
        }
        try {
            return r.service(config.maxReady());
        } catch (ClosedChannelException closed) {
            drop(r);
        } catch (Exception | Error e) {
            handleError(e);
        }
        return 0;
    }

    private boolean awaitReady(long timeoutNanos) throws IOException {
        List<PollerRegistration> everyRound = registry.everyRound;
        boolean busy = registry.ready.size() > 0 || !signals.isEmpty();
        for (int i = 0; i < everyRound.size() && !busy; i++) {
            busy = everyRound.get(i).wantsAnotherTurn();
        }
        long wait = busy ? 0 // held work is ready now: look at the kernel, do not wait on it
                : everyRound.isEmpty() && registry.awaitingInFlight.isEmpty() ? timeoutNanos
                : Math.min(timeoutNanos, TIMED_LOOK_NANOS);
        if (wait > 0 && timers.size() > 0) {
            wait = Math.min(wait, timers.nanosUntilNext(System.nanoTime()));
        }
        if (wait > 0) {
            sleeping.set(true);
            // After announcing the sleep, look once more: whatever came before it did not wake us.
            if (!commands.isEmpty() || !signals.isEmpty() || config.stop().isDone()) {
                wait = 0;
            }
        }
        try {
            if (epoll == null) {
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // wake() unparks
                }
                return true;
            }
            readinessCollected = true;
            return collectReady(wait) > 0 || busy;
        } finally {
            sleeping.set(false);
        }
    }

    private int collectReady(long timeoutNanos) throws IOException {
        int n = epoll.await(timeoutNanos);
        for (int i = 0; i < n; i++) {
            PollerRegistration r = registry.byToken(epoll.token(i));
            if (r == null) {
                continue; // a registration that is gone; its descriptor may serve someone else now
            }
            int events = epoll.events(i);
            if ((events & LinuxConstants.EPOLLOUT) != 0) {
                r.ready |= PollerRegistration.WRITABLE;
            }
            if ((events & ~LinuxConstants.EPOLLOUT) != 0) {
                r.ready |= PollerRegistration.READABLE; // readable, or an error or hang-up the next read reports
            }
            registry.enqueue(r);
        }
        return n;
    }

    /** Returns true when the handler says stop (the stop future is then completed exceptionally). */
    private boolean handleError(Throwable e) {
        return LoopErrorHandler.stops(config.errorHandler(), e, config.stop());
    }

    /** Stops the poller thread and waits for it; frees the batches. Does not close the transports. */
    @Override
    public void close() throws InterruptedException {
        config.stop().complete(null);
        wake();
        thread.join();
    }
}
