package io.salvo.loop;

import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.packet.PacketBatch;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread servicing many transports and listeners, after Aeron's agents. Datagram transports
 * get their own batch and a batch callback; stream transports a {@link Handlers.StreamHandler}
 * that reads (and writes) itself; listeners an {@link Handlers.AcceptHandler} per connection.
 *
 * <p><b>Cost follows activity.</b> On Linux every native transport and listener is in one
 * level-triggered {@code epoll} set whose events carry a slot number and a generation; each round
 * services only what {@code epoll_wait} reported (plus what asked for another turn), so the cost of
 * a round does not grow with the number registered, and an event for a registration that is gone,
 * or for a descriptor number the kernel reused since, never reaches a handler. Each gets at most
 * {@link LoopConfig#maxReady()} receives or accepts per round, so a flooded one cannot starve a
 * quiet one. Idle, with a blocking strategy, the thread sleeps in {@code epoll_wait}.
 *
 * <p><b>Readiness includes what is held.</b> A datagram transport that
 * {@linkplain DatagramTransport#holdsReceivedDatagrams() holds received datagrams}, or a stream
 * handler that returns true, is serviced again next round and the poller does not block meanwhile.
 *
 * <p>Transports without a kernel object to wait on (loopback, the NIO fallbacks) are serviced
 * every round and cap the wait at 1 ms: the one place where cost grows with the count.
 *
 * <p><b>Threads.</b> {@code register}, {@code unregister} and {@link #setWriteInterest} are safe
 * from any thread and cost O(1): from the poller thread (inside a callback) they take effect at
 * once; from another thread they are queued and the poller woken once for the lot. After the
 * poller stopped, {@code register} throws {@link IllegalStateException}. Callbacks run on the
 * poller thread; an exception goes to the configured error handler (default: stop the poller,
 * completing {@link #stopped()} exceptionally). A transport that closes is dropped by the poller
 * itself. {@link #close()} stops the thread, waits for it, and frees the batches; it closes no
 * transport.
 */
public final class Poller implements AutoCloseable {

    private static final long NON_POLLABLE_MAX_WAIT_NANOS = 1_000_000L;
    private static final int EPOLL_EVENTS = 256;

    private final LoopConfig config;
    private final EpollSet epoll;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Thread thread;
    private final IdentityHashMap<Object, PollerRegistration> byKey = new IdentityHashMap<>();
    private final List<PollerRegistration> nonPollable = new ArrayList<>();
    private PollerRegistration[] slots = new PollerRegistration[0];
    /** Bumped each time a slot is vacated, so a token names one registration only. */
    private int[] slotGenerations = new int[0];
    private int[] freeSlots = new int[0];
    private int freeCount;
    private int slotsUsed;
    /** Ready registrations, a ring of {@link #readyCount} from {@link #readyHead}. */
    private PollerRegistration[] readyRing = new PollerRegistration[64];
    private int readyHead;
    private int readyCount;
    private volatile int registeredCount;
    /** Set when the idle strategy's wait already collected epoll's events this round. */
    private boolean readinessCollected;

    private Poller(LoopConfig config, String name) throws IOException {
        this.config = config;
        this.epoll = NativeAccess.isAvailable() ? new EpollSet(EPOLL_EVENTS) : null;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::runLoop);
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
     * Allocates the transport's batch here, on the calling thread.
     */
    public void register(DatagramTransport transport, Handlers.BatchHandler handler) {
        ensureRunning();
        PacketBatch batch = PacketBatch.allocate(config.batchSize(), config.bufferCapacity(), config.headroom());
        submit(() -> add(new PollerRegistration.Datagrams(transport, handler, batch, pollable(transport))));
    }

    /** Services a stream transport: {@code handler} is called when it is readable (and writable, on request). */
    public void register(StreamTransport transport, Handlers.StreamHandler handler) {
        ensureRunning();
        submit(() -> add(new PollerRegistration.Stream(transport, handler, pollable(transport))));
    }

    /** Accepts connections on {@code listener}, up to {@code maxReady} per round, each handed to {@code handler}. */
    public <T extends StreamTransport> void register(StreamListener<T> listener, Handlers.AcceptHandler<T> handler) {
        ensureRunning();
        submit(() -> add(new PollerRegistration.Listener<>(listener, handler, pollable(listener))));
    }

    /**
     * Asks for (or stops asking for) {@link Handlers.StreamHandler#onWritable} calls while the
     * transport's send buffer has room: for a write the kernel took only part of.
     */
    public void setWriteInterest(StreamTransport transport, boolean on) {
        submit(() -> {
            if (byKey.get(transport) instanceof PollerRegistration.Stream s && s.writeInterest != on) {
                s.writeInterest = on;
                watch(s, false);
            }
        });
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

    private boolean pollable(Object transportOrListener) {
        return epoll != null && EpollSet.canWatch(transportOrListener);
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

    private void wake() {
        if (epoll != null && wakePending.compareAndSet(false, true)) {
            epoll.wake();
        }
    }

    // ---------------------------------------------------------------- registrations (poller thread)

    private void add(PollerRegistration r) {
        if (byKey.containsKey(r.key)) {
            r.release();
            handleError(new IllegalStateException(r.key + " is already registered with this poller"));
            return;
        }
        if (freeCount == 0) {
            growSlots();
        }
        r.slot = freeSlots[--freeCount];
        r.generation = slotGenerations[r.slot];
        if (r.pollable) {
            if (!watch(r, true)) {
                freeSlots[freeCount++] = r.slot;
                r.release(); // closed before it was ever serviced
                return;
            }
            // The kernel drops a closed descriptor from the epoll set without an event: hear of the close instead.
            PollerRegistration registered = r;
            // Always queued, even from the poller thread: a handler that closes its own transport is
            // still inside the turn, which must not lose its batch under it.
            r.onClose = () -> {
                commands.add(() -> {
                    if (byKey.get(registered.key) == registered) {
                        drop(registered);
                    }
                });
                wake();
            };
            ((NativeSocketHolder) r.key).nativeSocket().onDestroy(r.onClose);
        } else {
            nonPollable.add(r);
        }
        slots[r.slot] = r;
        byKey.put(r.key, r);
        registeredCount = byKey.size();
        r.ready |= PollerRegistration.READABLE; // data may have arrived before the watch began
        enqueue(r);
        if (!r.isOpen()) {
            drop(r); // closed while being added: its close hook may have run before it was set
        }
    }

    /** Adds or modifies the epoll watch; false when the transport is closed (or epoll refused it, reported). */
    private boolean watch(PollerRegistration r, boolean adding) {
        if (!r.pollable) {
            return true;
        }
        long token = ((long) r.generation << 32) | r.slot;
        try {
            if (adding) {
                return epoll.add(r.key, token, r.interest());
            }
            epoll.modify(r.key, token, r.interest());
            return true;
        } catch (IOException e) {
            handleError(e);
            return false;
        }
    }

    /** Makes more slot numbers available: doubles the table (amortised O(1) per registration). */
    private void growSlots() {
        int size = Math.max(64, slotsUsed * 2);
        slots = java.util.Arrays.copyOf(slots, size);
        slotGenerations = java.util.Arrays.copyOf(slotGenerations, size);
        freeSlots = java.util.Arrays.copyOf(freeSlots, size);
        for (int i = size - 1; i >= slotsUsed; i--) {
            freeSlots[freeCount++] = i; // lowest first
        }
        slotsUsed = size;
    }

    private void removeKey(Object key) {
        PollerRegistration r = byKey.get(key);
        if (r != null) {
            drop(r);
        }
    }

    private void drop(PollerRegistration r) {
        if (r.slot < 0) {
            return; // already dropped
        }
        byKey.remove(r.key);
        if (r.pollable) {
            ((NativeSocketHolder) r.key).nativeSocket().removeOnDestroy(r.onClose);
            try {
                epoll.remove(r.key);
            } catch (IOException ignored) {
                // closed meanwhile: the kernel already forgot it
            }
        } else {
            nonPollable.remove(r);
        }
        slots[r.slot] = null;
        slotGenerations[r.slot]++; // events still in flight for the old token no longer match
        freeSlots[freeCount++] = r.slot;
        r.slot = -1;
        r.release();
        registeredCount = byKey.size();
    }

    private void enqueue(PollerRegistration r) {
        if (r.queued || !r.pollable) {
            return; // non-pollable ones are serviced every round anyway
        }
        if (readyCount == readyRing.length) {
            PollerRegistration[] bigger = new PollerRegistration[readyRing.length * 2];
            for (int i = 0; i < readyCount; i++) {
                bigger[i] = readyRing[(readyHead + i) % readyRing.length];
            }
            readyRing = bigger;
            readyHead = 0;
        }
        readyRing[(readyHead + readyCount) % readyRing.length] = r;
        readyCount++;
        r.queued = true;
    }

    // ---------------------------------------------------------------- the loop

    private void runLoop() {
        IdleStrategy idle = config.idle();
        Readiness readiness = this::awaitReady;
        try {
            while (!config.stop().isDone()) {
                applyCommands();
                if (epoll != null && !readinessCollected) {
                    collectReady(0); // level-triggered: note who is ready without waiting
                }
                readinessCollected = false;
                int work = serviceReady() + serviceNonPollable();
                idle.idle(work, readiness);
            }
        } catch (Throwable t) {
            config.stop().completeExceptionally(t);
        } finally {
            config.stop().complete(null);
            applyCommands(); // registrations that never made it in: added, then freed below with the rest
            for (PollerRegistration r : new ArrayList<>(byKey.values())) {
                drop(r);
            }
            if (epoll != null) {
                epoll.close();
            }
        }
    }

    private void applyCommands() {
        wakePending.set(false);
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    /** Services the registrations that were ready when the round began; those still ready go round again. */
    private int serviceReady() {
        int work = 0;
        for (int n = readyCount; n > 0 && !config.stop().isDone(); n--) {
            PollerRegistration r = readyRing[readyHead];
            readyRing[readyHead] = null;
            readyHead = (readyHead + 1) % readyRing.length;
            readyCount--;
            r.queued = false;
            if (r.slot >= 0) {
                work += turn(r);
                if (r.slot >= 0 && r.wantsAnotherTurn()) {
                    enqueue(r);
                }
            }
        }
        return work;
    }

    private int serviceNonPollable() {
        int work = 0;
        for (int i = 0; i < nonPollable.size() && !config.stop().isDone(); i++) {
            PollerRegistration r = nonPollable.get(i);
            work += turn(r);
            if (r.slot < 0) {
                i--; // dropped: the list shifted
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
        boolean busy = readyCount > 0;
        for (int i = 0; i < nonPollable.size() && !busy; i++) {
            busy = nonPollable.get(i).wantsAnotherTurn();
        }
        if (epoll == null) {
            if (!busy) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS));
            }
            return true;
        }
        long wait = busy ? 0 // held work is ready now: look at the kernel, do not wait on it
                : !nonPollable.isEmpty() ? Math.min(timeoutNanos, NON_POLLABLE_MAX_WAIT_NANOS) : timeoutNanos;
        readinessCollected = true;
        return collectReady(wait) > 0 || busy;
    }

    private int collectReady(long timeoutNanos) throws IOException {
        int n = epoll.await(timeoutNanos);
        for (int i = 0; i < n; i++) {
            long token = epoll.token(i);
            int slot = (int) token;
            int generation = (int) (token >>> 32);
            PollerRegistration r = slot >= 0 && slot < slots.length ? slots[slot] : null;
            if (r == null || r.generation != generation) {
                continue; // a registration that is gone; its descriptor may serve someone else now
            }
            int events = epoll.events(i);
            if ((events & LinuxConstants.EPOLLOUT) != 0) {
                r.ready |= PollerRegistration.WRITABLE;
            }
            if ((events & ~LinuxConstants.EPOLLOUT) != 0) {
                r.ready |= PollerRegistration.READABLE; // readable, or an error or hang-up the next read reports
            }
            enqueue(r);
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
