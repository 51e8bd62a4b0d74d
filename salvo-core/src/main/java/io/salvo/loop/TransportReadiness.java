package io.salvo.loop;

import io.salvo.internal.linux.EpollSet;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The readiness a receive loop waits on: one transport's readability, and, for a native transport,
 * the loop's stop signal and the transport's close too, so a blocking idle strategy may wait
 * without a limit ({@link #wakesOnStop()} is then true) and an idle loop never wakes on its own.
 *
 * <p>For a native transport the first wait builds a small epoll set holding the socket and an
 * eventfd; completing the stop future or destroying the socket writes the eventfd. Other
 * transports (loopback, the NIO fallback) wait through {@link DatagramTransport#awaitReadable}
 * and the blocking strategy caps each wait, as before. Strategies that never wait (spinning,
 * back-off) never build the epoll set.
 *
 * <p>Used by the loop's own thread; {@link #close()} once the loop has ended. Not thread-safe
 * otherwise.
 */
final class TransportReadiness implements Readiness, AutoCloseable {

    private final DatagramTransport transport;
    private final CompletableFuture<Void> stop;
    private EpollSet epoll;
    private Runnable onDestroy;
    /** Set when no epoll set can be built (not native, or building failed): fall back to capped waits. */
    private boolean plain;
    /** The transport was closed before it could be watched: every wait returns at once so the loop sees it. */
    private boolean closedBeforeWatch;

    TransportReadiness(DatagramTransport transport, CompletableFuture<Void> stop) {
        this.transport = transport;
        this.stop = stop;
    }

    @Override
    public boolean await(long timeoutNanos) throws IOException {
        if (!watching()) {
            return transport.awaitReadable(timeoutNanos);
        }
        if (closedBeforeWatch || transport.holdsReceivedDatagrams() || stop.isDone()) {
            return true;
        }
        return epoll.await(timeoutNanos) > 0;
    }

    @Override
    public boolean wakesOnStop() {
        return watching();
    }

    /** Builds the epoll set on first use; true when this readiness waits on it. */
    private boolean watching() {
        if (epoll != null) {
            return true;
        }
        if (plain || !EpollSet.canWatch(transport)) {
            plain = true;
            return false;
        }
        EpollSet set;
        try {
            set = new EpollSet(2);
        } catch (IOException e) {
            plain = true; // out of descriptors, say: capped waits still work
            return false;
        }
        try {
            closedBeforeWatch = !set.add(transport, 0);
        } catch (IOException e) {
            set.close();
            plain = true;
            return false;
        }
        epoll = set;
        // The kernel drops a closed descriptor from the set without an event; the socket's last
        // release tells us instead. The stop future may be completed by any thread.
        onDestroy = set::wake;
        NativeSocket socket = ((NativeSocketHolder) transport).nativeSocket();
        socket.onDestroy(onDestroy);
        if (!socket.isOpen()) {
            closedBeforeWatch = true; // closed meanwhile: its destruction may have run before we listened
        }
        stop.whenComplete((v, e) -> set.wake());
        return true;
    }

    @Override
    public void close() {
        if (epoll != null) {
            NativeSocket socket = ((NativeSocketHolder) transport).nativeSocket();
            socket.removeOnDestroy(onDestroy);
            epoll.close(); // wake() after this is a no-op, so a late stop is harmless
            epoll = null;
        }
    }
}
