package io.salvo.loop;

import io.salvo.packet.PacketBatch;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

/**
 * One thing a {@link Poller} services: a datagram transport with its batch, a stream transport, or
 * a listener. Lives on the poller thread; its slot and generation make its epoll token, so an event
 * for a registration that is gone (or a descriptor number reused since) never reaches a handler.
 */
abstract sealed class PollerRegistration {

    static final int READABLE = 1;
    static final int WRITABLE = 2;

    /** What was registered: the key of {@code unregister}. */
    final Object key;
    /** Watched by epoll; otherwise serviced every round. */
    final boolean pollable;
    int slot = -1;
    /** The generation of its slot when it took it: the high half of its epoll token. */
    int generation;
    /** Tells the poller the descriptor closed (pollable ones); set while registered. */
    Runnable onClose;
    /** On the ready queue now. */
    boolean queued;
    /** READABLE / WRITABLE as the last epoll events said (pollable ones), consumed by {@link #service}. */
    int ready;

    PollerRegistration(Object key, boolean pollable) {
        this.key = key;
        this.pollable = pollable;
    }

    abstract boolean isOpen();

    /** The epoll events to watch. */
    int interest() {
        return io.salvo.internal.linux.LinuxConstants.EPOLLIN;
    }

    /**
     * One turn: receive, read, or accept as the readiness says, calling the handler.
     *
     * @return work done (datagrams, handler calls, connections); the caller's error handler sees what it throws
     */
    abstract int service(int maxReady) throws Exception;

    /** Whether this registration has work without waiting for the kernel (held datagrams, a handler asking). */
    abstract boolean wantsAnotherTurn();

    /** Frees what the poller made for it (a batch). */
    void release() {
    }

    /** A datagram transport: up to {@code maxReady} receives into its own batch per turn. */
    static final class Datagrams extends PollerRegistration {
        final DatagramTransport transport;
        final Handlers.BatchHandler handler;
        final PacketBatch batch;

        Datagrams(DatagramTransport transport, Handlers.BatchHandler handler, PacketBatch batch, boolean pollable) {
            super(transport, pollable);
            this.transport = transport;
            this.handler = handler;
            this.batch = batch;
        }

        @Override
        boolean isOpen() {
            return transport.isOpen();
        }

        @Override
        int service(int maxReady) throws Exception {
            int work = 0;
            // slot < 0: the handler unregistered it, and its batch is gone
            for (int calls = 0; calls < maxReady && slot >= 0; calls++) {
                int n = transport.recvBatch(batch);
                if (n == 0) {
                    break;
                }
                work += n;
                handler.onBatch(batch, n);
            }
            return work;
        }

        @Override
        boolean wantsAnotherTurn() {
            return transport.holdsReceivedDatagrams();
        }

        @Override
        void release() {
            batch.close();
        }
    }

    /** A stream transport: the handler reads (and, with write interest, writes) itself. */
    static final class Stream extends PollerRegistration {
        final StreamTransport transport;
        final Handlers.StreamHandler handler;
        boolean writeInterest;
        private boolean again;

        Stream(StreamTransport transport, Handlers.StreamHandler handler, boolean pollable) {
            super(transport, pollable);
            this.transport = transport;
            this.handler = handler;
        }

        @Override
        boolean isOpen() {
            return transport.isOpen();
        }

        @Override
        int interest() {
            int in = io.salvo.internal.linux.LinuxConstants.EPOLLIN;
            return writeInterest ? in | io.salvo.internal.linux.LinuxConstants.EPOLLOUT : in;
        }

        @Override
        int service(int maxReady) throws Exception {
            // Without epoll (the fallback) every turn may be readable or writable: the handler finds out.
            int readiness = pollable ? ready : READABLE | (writeInterest ? WRITABLE : 0);
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
            if (again) {
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

        Listener(StreamListener<T> listener, Handlers.AcceptHandler<T> handler, boolean pollable) {
            super(listener, pollable);
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
