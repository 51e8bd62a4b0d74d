package io.salvo.internal.linux;

import io.salvo.transport.DatagramTransport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;

import static io.salvo.internal.linux.LinuxConstants.EPOLLIN;

/**
 * An epoll instance watching native transports and listeners, plus an eventfd so another
 * thread can wake the waiter. Level-triggered: a socket left with data stays ready. Used by one
 * thread ({@link #await}, {@link #token}); {@link #wake()}, {@link #add} and {@link #remove} are
 * safe from any thread. A transport that closes drops out of the set by itself (the kernel removes
 * a closed file), so a later socket that reuses its number is never reported under the old token.
 */
public final class EpollSet implements AutoCloseable {

    private static final long EVENT_SIZE = NativeLayouts.EPOLL_EVENT.byteSize();
    private static final ValueLayout.OfLong DATA = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Token of the wake-up eventfd; never a registration's token. */
    public static final long WAKE_TOKEN = Long.MAX_VALUE;

    private final Arena arena = Arena.ofShared();
    private final int epfd;
    private final int wakeFd;
    private final MemorySegment events;
    private final int maxEvents;
    private final MemorySegment waitCapture;
    private final MemorySegment drain;
    private final Object controlLock = new Object();
    private final MemorySegment controlCapture;
    private final MemorySegment controlEvent;
    private final MemorySegment wakeValue;
    private boolean closed;

    public EpollSet(int maxEvents) throws IOException {
        this.maxEvents = maxEvents;
        this.events = arena.allocate(EVENT_SIZE * maxEvents, 8);
        this.waitCapture = LibC.newCaptureState(arena);
        this.controlCapture = LibC.newCaptureState(arena);
        this.controlEvent = arena.allocate(EVENT_SIZE, 8);
        this.drain = arena.allocate(8, 8);
        this.wakeValue = arena.allocate(8, 8);
        wakeValue.set(ValueLayout.JAVA_LONG, 0, 1L);
        int e = LibC.epollCreate1(controlCapture, LinuxConstants.EPOLL_CLOEXEC);
        if (e < 0) {
            arena.close();
            throw Errno.exception("epoll_create1", LibC.errno(controlCapture));
        }
        int w = LibC.eventfd(controlCapture, 0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (w < 0) {
            LibC.close(controlCapture, e);
            arena.close();
            throw Errno.exception("eventfd", LibC.errno(controlCapture));
        }
        this.epfd = e;
        this.wakeFd = w;
        control(LinuxConstants.EPOLL_CTL_ADD, wakeFd, WAKE_TOKEN, EPOLLIN);
    }

    /** True when the transport or listener can be watched here (it sits on a native socket). */
    public static boolean canWatch(Object transportOrListener) {
        return transportOrListener instanceof NativeSocketHolder;
    }

    /** Watches a native transport for readability under {@code token}; false if it is already closed. */
    public boolean add(DatagramTransport t, long token) throws IOException {
        return add(t, token, EPOLLIN);
    }

    /**
     * Watches a transport or listener for {@code events} ({@code EPOLLIN}, {@code EPOLLOUT}) under
     * {@code token}; errors and hang-ups are always reported.
     *
     * @return false (and nothing done) when it is already closed
     */
    public boolean add(Object holder, long token, int events) throws IOException {
        return onOpenSocket(holder, LinuxConstants.EPOLL_CTL_ADD, token, events);
    }

    /** Stops watching (nothing to do when it has closed: the kernel dropped it). */
    public void remove(Object holder) throws IOException {
        onOpenSocket(holder, LinuxConstants.EPOLL_CTL_DEL, 0, 0);
    }

    /** Changes the token or the events watched (nothing to do when it has closed). */
    public void modify(Object holder, long token, int events) throws IOException {
        onOpenSocket(holder, LinuxConstants.EPOLL_CTL_MOD, token, events);
    }

    /** Reports a watched transport under a new token from now on (nothing to do when it has closed). */
    public void rekey(DatagramTransport t, long token) throws IOException {
        modify(t, token, EPOLLIN);
    }

    /**
     * An epoll_ctl on the descriptor, held open for the call.
     *
     * @return false (and nothing done) when it is closed
     */
    private boolean onOpenSocket(Object holder, int op, long token, int events) throws IOException {
        NativeSocket s = ((NativeSocketHolder) holder).nativeSocket();
        int fd;
        try {
            fd = s.acquire();
        } catch (ClosedChannelException closed) {
            return false;
        }
        try {
            control(op, fd, token, events);
            return true;
        } finally {
            s.release();
        }
    }

    private void control(int op, int fd, long token, int events) throws IOException {
        synchronized (controlLock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            controlEvent.set(ValueLayout.JAVA_INT, 0, events);
            controlEvent.set(DATA, 4, token);
            if (LibC.epollCtl(controlCapture, epfd, op, fd, controlEvent) < 0) {
                throw Errno.exception("epoll_ctl", LibC.errno(controlCapture));
            }
        }
    }

    /**
     * Waits up to {@code timeoutNanos} (rounded up to milliseconds; 0 polls; beyond
     * {@code Integer.MAX_VALUE} milliseconds, such as {@code Long.MAX_VALUE}, until an event or a
     * {@link #wake()}) for ready sockets.
     *
     * @return how many events {@link #token(int)} can read (a wake-up is consumed and not counted)
     */
    public int await(long timeoutNanos) throws IOException {
        int millis = timeoutNanos <= 0 ? 0
                : timeoutNanos / 1_000_000 >= Integer.MAX_VALUE ? -1 // epoll_wait's "no timeout"
                : (int) ((timeoutNanos + 999_999) / 1_000_000);
        int n = LibC.epollWait(waitCapture, epfd, events, maxEvents, millis);
        if (n < 0) {
            if (LibC.errno(waitCapture) == Errno.EINTR) {
                return 0;
            }
            throw Errno.exception("epoll_wait", LibC.errno(waitCapture));
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long token = events.get(DATA, i * EVENT_SIZE + 4);
            if (token == WAKE_TOKEN) {
                LibC.read(waitCapture, wakeFd, drain, 8);
            } else {
                int ready = events.get(ValueLayout.JAVA_INT, i * EVENT_SIZE);
                events.set(ValueLayout.JAVA_INT, kept * EVENT_SIZE, ready);
                events.set(DATA, kept++ * EVENT_SIZE + 4, token);
            }
        }
        return kept;
    }

    /** The token of the {@code i}-th ready socket of the last {@link #await}. */
    public long token(int i) {
        return events.get(DATA, i * EVENT_SIZE + 4);
    }

    /** The events ({@code EPOLLIN}, {@code EPOLLOUT}, {@code EPOLLERR}, {@code EPOLLHUP}) of the {@code i}-th ready socket. */
    public int events(int i) {
        return events.get(ValueLayout.JAVA_INT, i * EVENT_SIZE);
    }

    /** Makes a current or the next {@link #await} return at once. Any thread. */
    public void wake() {
        synchronized (controlLock) {
            if (!closed) {
                LibC.write(controlCapture, wakeFd, wakeValue, 8);
            }
        }
    }

    /** Closes the epoll and eventfd descriptors; call once the waiting thread has stopped. */
    @Override
    public void close() {
        synchronized (controlLock) {
            if (closed) {
                return;
            }
            closed = true;
            LibC.close(controlCapture, epfd);
            LibC.close(controlCapture, wakeFd);
            arena.close();
        }
    }
}
