package io.salvo.loop;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.packet.PacketBatch;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thing a {@link Poller} services: a datagram transport with its batch, a stream transport, or
 * a listener. Lives on the poller thread; its slot and generation make its epoll token (see
 * {@link PollerSlots}), so an event for a registration that is gone never reaches a handler.
 */
abstract sealed class PollerRegistration {

    static final int READABLE = 1;
    static final int WRITABLE = 2;

    /** How the poller learns that a registration has work. */
    enum Wakeup {
        /** A native socket in the poller's epoll set. */
        EPOLL,
        /** A transport that calls a listener when something arrives (the loopback): see {@code ReadinessSignal}. */
        SIGNAL,
        /** Nothing to wait on (the NIO fallbacks): serviced every round, and the wait is capped. */
        EVERY_ROUND
    }

    /** What was registered: the key of {@code unregister}. */
    final Object key;
    final Wakeup wakeup;
    int slot = -1;
    /** The generation of its slot when it took it: the high half of its epoll token. */
    int generation;
    /** Tells the poller the descriptor closed (EPOLL), or that something arrived (SIGNAL); set while registered. */
    Runnable notifier;
    /** SIGNAL: set by the notifier (any thread), cleared by the poller before it looks. */
    final AtomicBoolean signalled = new AtomicBoolean();
    /** On the ready queue now. */
    boolean queued;
    /** SIGNAL: on the poller's list of those with datagrams in flight that no signal will announce. */
    boolean awaitingInFlight;
    /** READABLE / WRITABLE as the last epoll events said (EPOLL ones), consumed by {@link #service}. */
    int ready;

    PollerRegistration(Object key, Wakeup wakeup) {
        this.key = key;
        this.wakeup = wakeup;
    }

    abstract boolean isOpen();

    /** The epoll events to watch. */
    int interest() {
        return LinuxConstants.EPOLLIN;
    }

    /**
     * One turn: receive, read, or accept as the readiness says, calling the handler.
     *
     * @return work done (datagrams, handler calls, connections); the caller's error handler sees what it throws
     */
    abstract int service(int maxReady) throws Exception;

    /** Whether this registration has work without waiting for the kernel (held datagrams, a handler asking). */
    abstract boolean wantsAnotherTurn();

    /** Frees what the poller made for it (a batch of its own). */
    void release() {
    }

    /**
     * A datagram transport: up to {@code maxReady} receives per turn into the batch, each asking for
     * about twice as many datagrams as the last short receive brought (at least {@value #MIN_RECEIVE},
     * four times as many after a full one, up to the batch's size). Preparing a receive touches one
     * message header per datagram asked for, in memory of the transport's own that is cold when a
     * poller serves many sockets: a socket that gets one datagram at a time should not pay for 64.
     * Two, not one: a receive that fills what it asked for is followed by another, to drain the queue.
     */
    static final class Datagrams extends PollerRegistration {
        static final int MIN_RECEIVE = 2;
        static final int GROWTH = 4;

        final DatagramTransport transport;
        final Handlers.BatchHandler handler;
        final PacketBatch batch;
        /** False when the batch is the poller's shared one, which outlives this registration. */
        private final boolean ownsBatch;
        private int receiveCount;

        Datagrams(DatagramTransport transport, Handlers.BatchHandler handler, PacketBatch batch, boolean ownsBatch,
                  Wakeup wakeup) {
            super(transport, wakeup);
            this.transport = transport;
            this.handler = handler;
            this.batch = batch;
            this.ownsBatch = ownsBatch;
            this.receiveCount = Math.min(MIN_RECEIVE, batch.slots());
        }

        @Override
        boolean isOpen() {
            return transport.isOpen();
        }

        @Override
        int service(int maxReady) throws Exception {
            int work = 0;
            // slot < 0: the handler unregistered it (an own batch is gone with it)
            for (int calls = 0; calls < maxReady && slot >= 0; calls++) {
                int asked = receiveCount;
                int n = transport.recvBatch(batch, 0, asked);
                if (n == 0) {
                    break;
                }
                work += n;
                handler.onBatch(batch, n);
                if (n < asked) {
                    // Short: the queue is empty (whatever arrives next is reported afresh), so no empty
                    // receive to find that out; ask next time for about twice as many as came.
                    receiveCount = Math.max(Math.min(MIN_RECEIVE, batch.slots()), Integer.highestOneBit(n) << 1);
                    break;
                }
                receiveCount = Math.min(batch.slots(), asked * GROWTH);
            }
            return work;
        }

        @Override
        boolean wantsAnotherTurn() {
            return transport.holdsReceivedDatagrams();
        }

        @Override
        void release() {
            if (ownsBatch) {
                batch.close();
            }
        }
    }

    /** A stream transport: the handler reads (and, with write interest, writes) itself. */
    static final class Stream extends PollerRegistration {
        final StreamTransport transport;
        final Handlers.StreamHandler handler;
        boolean writeInterest;
        boolean readInterest = true;
        private boolean again;

        Stream(StreamTransport transport, Handlers.StreamHandler handler, Wakeup wakeup) {
            super(transport, wakeup);
            this.transport = transport;
            this.handler = handler;
        }

        @Override
        boolean isOpen() {
            return transport.isOpen();
        }

        @Override
        int interest() {
            // Errors and hang-ups are reported whatever is asked; they come to onReadable, which sees them.
            return (readInterest ? LinuxConstants.EPOLLIN : 0) | (writeInterest ? LinuxConstants.EPOLLOUT : 0);
        }

        @Override
        int service(int maxReady) throws Exception {
            // Without epoll (the fallback) every turn may be readable or writable: the handler finds out.
            int readiness = wakeup == Wakeup.EPOLL ? ready : (readInterest ? READABLE : 0) | (writeInterest ? WRITABLE : 0);
            ready = 0;
            again = false;
            int work = 0;
            if ((readiness & WRITABLE) != 0 && writeInterest) {
                handler.onWritable(transport);
                work++;
            }
            if ((readiness & READABLE) != 0) {
                again = handler.onReadable(transport);
                work++;
            }
            return work;
        }

        @Override
        boolean wantsAnotherTurn() {
            if (again && readInterest) {
                ready |= READABLE;
                return true;
            }
            return false;
        }
    }

    /** A listener: up to {@code maxReady} accepts per turn, each connection handed to the handler. */
    static final class Listener<T extends StreamTransport> extends PollerRegistration {
        final StreamListener<T> listener;
        final Handlers.AcceptHandler<T> handler;

        Listener(StreamListener<T> listener, Handlers.AcceptHandler<T> handler, Wakeup wakeup) {
            super(listener, wakeup);
            this.listener = listener;
            this.handler = handler;
        }

        @Override
        boolean isOpen() {
            return listener.isOpen();
        }

        @Override
        int service(int maxReady) throws Exception {
            int work = 0;
            for (; work < maxReady && slot >= 0; work++) {
                T connection = listener.accept();
                if (connection == null) {
                    break;
                }
                try {
                    handler.onAccepted(connection);
                } catch (Exception | Error e) {
                    connection.close(); // the handler failed before taking it: do not leak the descriptor
                    throw e;
                }
            }
            return work;
        }

        @Override
        boolean wantsAnotherTurn() {
            return false;
        }
    }
}
