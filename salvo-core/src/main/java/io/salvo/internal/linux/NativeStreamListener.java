package io.salvo.internal.linux;

import io.salvo.observe.SalvoEvents;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A native listening stream socket (TCP or Unix): {@code accept4} into reused scratch, a readiness
 * wait, the count of connections handed out, and the close. The TCP and Unix listeners add how an
 * accepted socket becomes their transport.
 *
 * <p>{@link #accept()} is for one thread at a time; {@link #awaitAcceptable} serialises its
 * waiters; the rest is safe from any thread.
 *
 * @param <T> the transport accepted connections become
 */
public abstract class NativeStreamListener<T extends StreamTransport> implements StreamListener<T>, NativeSocketHolder {

    private final NativeSocket socket;
    private final SocketAddress local;
    private final StreamSockets.AcceptScratch scratch;
    private final MemorySegment pollfd;
    private final MemorySegment pollCapture;
    private final AtomicLong accepted = new AtomicLong();

    /** Takes over {@code listening}, a socket that is bound and listening at {@code local}. */
    protected NativeStreamListener(NativeSocket listening, SocketAddress local) {
        this.socket = listening;
        this.local = local;
        this.scratch = new StreamSockets.AcceptScratch(listening);
        this.pollfd = listening.arena().allocate(NativeLayouts.POLLFD);
        this.pollCapture = LibC.newCaptureState(listening.arena());
    }

    /** Makes the transport of an accepted connection; the caller closes the socket if this throws. */
    protected abstract T connection(StreamSockets.Accepted accepted) throws IOException;

    @Override
    public final T accept() throws IOException {
        StreamSockets.Accepted a = StreamSockets.accept(socket, scratch);
        if (a == null) {
            return null;
        }
        accepted.incrementAndGet();
        try {
            return SalvoEvents.opened(connection(a));
        } catch (IOException | RuntimeException e) {
            a.socket().close(); // never leak the descriptor of a connection nobody got
            throw e;
        }
    }

    @Override
    public final boolean awaitAcceptable(long timeoutNanos) throws IOException {
        synchronized (pollfd) { // one waiter at a time on the shared pollfd
            return PollOnce.onSocket(socket, pollfd, pollCapture, LinuxConstants.POLLIN, timeoutNanos);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public final long accepted() {
        return accepted.get();
    }

    @Override
    public final boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public final void close() {
        SalvoEvents.closed(this);
        socket.close();
    }

    /** Internal: the listening socket, for the Poller's epoll set. */
    @Override
    public final NativeSocket nativeSocket() {
        return socket;
    }
}
