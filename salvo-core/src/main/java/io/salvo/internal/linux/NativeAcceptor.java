package io.salvo.internal.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared part of a native listener (TCP or Unix stream): {@code accept4} into reused scratch, a
 * readiness wait, and the count of connections handed out. {@link #accept()} is for one thread at a
 * time; {@link #await} serialises its waiters; the rest is safe from any thread.
 */
public final class NativeAcceptor {

    private final NativeSocket socket;
    private final StreamSockets.AcceptScratch scratch;
    private final MemorySegment pollfd;
    private final MemorySegment pollCapture;
    private final AtomicLong accepted = new AtomicLong();

    /** Takes over {@code listening}, a socket that is bound and listening. */
    public NativeAcceptor(NativeSocket listening) {
        this.socket = listening;
        this.scratch = new StreamSockets.AcceptScratch(listening);
        this.pollfd = listening.arena().allocate(NativeLayouts.POLLFD);
        this.pollCapture = LibC.newCaptureState(listening.arena());
    }

    /** One pending connection (the caller owns its socket), or null when none is waiting. */
    public StreamSockets.Accepted accept() throws IOException {
        StreamSockets.Accepted a = StreamSockets.accept(socket, scratch);
        if (a != null) {
            accepted.incrementAndGet();
        }
        return a;
    }

    /** Waits until a connection is waiting or the timeout passes; true at once when closed. */
    public boolean await(long timeoutNanos) throws IOException {
        synchronized (pollfd) { // one waiter at a time on the shared pollfd
            return StreamSockets.await(socket, pollfd, pollCapture, LinuxConstants.POLLIN, timeoutNanos);
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public NativeSocket socket() {
        return socket;
    }
}
