package io.salvo.loop;

import io.salvo.internal.ReadinessSignal;
import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.loop.PollerRegistration.Wakeup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A poller's registrations: who is registered (by key, and by slot for epoll tokens), how each is
 * watched, and who is ready. Adding and dropping are O(1) except for the short lists of the
 * NIO fallbacks and of loopback transports with datagrams in flight. Poller thread only, apart from
 * the notifiers it installs, which run on any thread and only call back into {@link Hooks}.
 */
final class PollerRegistry {

    /** What the notifiers installed on transports tell the poller; called on any thread. */
    interface Hooks {
        /** The registration's descriptor closed: drop it on the poller thread (never at once: it may be in its turn). */
        void closed(PollerRegistration r);

        /** A signalling transport may have something to receive. */
        void signalled(PollerRegistration r);
    }

    private final EpollSet epoll;
    private final Hooks hooks;
    private final Consumer<Throwable> errors;
    private final IdentityHashMap<Object, PollerRegistration> byKey = new IdentityHashMap<>();
    private final PollerSlots slots = new PollerSlots();
    /** EVERY_ROUND registrations. */
    final List<PollerRegistration> everyRound = new ArrayList<>();
    /** SIGNAL registrations with datagrams in flight that no signal will announce: looked at every round. */
    final List<PollerRegistration> awaitingInFlight = new ArrayList<>();
    final PollerReadyQueue ready = new PollerReadyQueue();

    PollerRegistry(EpollSet epoll, Hooks hooks, Consumer<Throwable> errors) {
        this.epoll = epoll;
        this.hooks = hooks;
        this.errors = errors;
    }

    int size() {
        return byKey.size();
    }

    PollerRegistration get(Object key) {
        return byKey.get(key);
    }

    /** The registration an epoll token names, or null when it is gone. */
    PollerRegistration byToken(long token) {
        return slots.byToken(token);
    }

    List<PollerRegistration> all() {
        return new ArrayList<>(byKey.values());
    }

    void add(PollerRegistration r) {
        if (byKey.putIfAbsent(r.key, r) != null) {
            r.release();
            errors.accept(new IllegalStateException(r.key + " is already registered with this poller"));
            return;
        }
        slots.take(r);
        switch (r.wakeup) {
            case EPOLL -> {
                if (!watch(r, true)) {
                    byKey.remove(r.key);
                    slots.release(r);
                    r.release(); // closed before it was ever serviced
                    return;
                }
                // The kernel drops a closed descriptor from the epoll set without an event: hear of the close instead.
                r.notifier = () -> hooks.closed(r);
                ((NativeSocketHolder) r.key).nativeSocket().onDestroy(r.notifier);
            }
            case SIGNAL -> {
                r.notifier = () -> {
                    if (r.signalled.compareAndSet(false, true)) {
                        hooks.signalled(r);
                    }
                };
                ((ReadinessSignal) r.key).setReadinessListener(r.notifier);
            }
            case EVERY_ROUND -> everyRound.add(r);
        }
        // Level-triggered epoll reports data that came before the watch began; a signalling transport
        // may have queued datagrams before it had a listener; either may hold datagrams of its own.
        if (r.wakeup == Wakeup.SIGNAL || r.wantsAnotherTurn()) {
            r.ready |= PollerRegistration.READABLE;
            enqueue(r);
        }
        if (!r.isOpen()) {
            drop(r); // closed while being added: its close hook may have run before it was set
        }
    }

    /** Adds or modifies the epoll watch; false when the transport is closed (or epoll refused it, reported). */
    boolean watch(PollerRegistration r, boolean adding) {
        if (r.wakeup != Wakeup.EPOLL) {
            return true;
        }
        try {
            if (adding) {
                return epoll.add(r.key, PollerSlots.token(r), r.interest());
            }
            epoll.modify(r.key, PollerSlots.token(r), r.interest());
            return true;
        } catch (IOException e) {
            errors.accept(e);
            return false;
        }
    }

    void drop(PollerRegistration r) {
        if (r.slot < 0) {
            return; // already dropped
        }
        byKey.remove(r.key);
        switch (r.wakeup) {
            case EPOLL -> {
                ((NativeSocketHolder) r.key).nativeSocket().removeOnDestroy(r.notifier);
                try {
                    epoll.remove(r.key);
                } catch (IOException ignored) {
                    // closed meanwhile: the kernel already forgot it
                }
            }
            case SIGNAL -> {
                ((ReadinessSignal) r.key).removeReadinessListener(r.notifier);
                if (r.awaitingInFlight) {
                    awaitingInFlight.remove(r);
                    r.awaitingInFlight = false;
                }
            }
            case EVERY_ROUND -> everyRound.remove(r);
        }
        slots.release(r);
        r.release();
    }

    /** Puts {@code r} on the ready queue unless it is there already (EVERY_ROUND ones never: they get every round). */
    void enqueue(PollerRegistration r) {
        if (!r.queued && r.wakeup != Wakeup.EVERY_ROUND) {
            ready.add(r);
            r.queued = true;
        }
    }

    /** After a turn: again next round if it holds work, or on the in-flight list if the network has some for it. */
    void afterTurn(PollerRegistration r) {
        if (r.wantsAnotherTurn()) {
            enqueue(r);
        } else if (r.wakeup == Wakeup.SIGNAL && !r.awaitingInFlight
                && ((ReadinessSignal) r.key).awaitsInFlightDatagrams()) {
            r.awaitingInFlight = true;
            awaitingInFlight.add(r);
        }
    }

    /** Takes {@code awaitingInFlight.get(i)} off the in-flight list (order does not matter there). */
    void noLongerInFlight(int i) {
        PollerRegistration r = awaitingInFlight.get(i);
        awaitingInFlight.set(i, awaitingInFlight.getLast());
        awaitingInFlight.removeLast();
        r.awaitingInFlight = false;
        if (r.wantsAnotherTurn()) {
            enqueue(r);
        }
    }
}
