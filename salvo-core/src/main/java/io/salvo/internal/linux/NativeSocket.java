package io.salvo.internal.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;

/**
 * A socket descriptor with a close that is safe while other threads use it.
 *
 * <p>Every system call on the descriptor runs between {@link #acquire()} and {@link #release()},
 * which count the calls in flight. {@link #close()} marks the socket closed at once (new calls get
 * {@link ClosedChannelException}) and shuts it down, but the descriptor is closed and the native
 * memory freed only when the last call in flight has released it. So a call never operates on a
 * number the kernel has meanwhile handed to another socket, and never touches freed memory.
 *
 * <p>The state is one int: bit 0 is "closed", the rest counts calls in flight. Acquire and release
 * are one CAS / one atomic add each, no allocation.
 */
public final class NativeSocket {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(NativeSocket.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private final int family;
    /** Owns the memory of this socket and of the message vectors of its transport. */
    private final Arena arena = Arena.ofShared();
    /** errno capture for the control-path calls made under {@link #controlLock}. */
    private final MemorySegment controlCapture;
    private final Object controlLock = new Object();
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private NativeSocket(int fd, int family) {
        this.fd = fd;
        this.family = family;
        this.controlCapture = LibC.newCaptureState(arena);
    }

    /** Opens a non-blocking, close-on-exec datagram socket. */
    public static NativeSocket open(int family) throws IOException {
        return open(family, LinuxConstants.SOCK_DGRAM);
    }

    /** Opens a non-blocking, close-on-exec socket of {@code type} ({@code SOCK_DGRAM}, {@code SOCK_STREAM}). */
    public static NativeSocket open(int family, int type) throws IOException {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment capture = LibC.newCaptureState(tmp);
            int fd = LibC.socket(capture, family, type | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Errno.exception("socket", LibC.errno(capture));
            }
            return new NativeSocket(fd, family);
        }
    }

    /** Wraps a descriptor made elsewhere (e.g. by socketpair); ownership passes to this object. */
    public static NativeSocket adopt(int fd, int family) {
        return new NativeSocket(fd, family);
    }

    public int family() {
        return family;
    }

    /** Memory that lives exactly as long as the descriptor. */
    public Arena arena() {
        return arena;
    }

    /**
     * Registers a call in flight and returns the descriptor.
     *
     * @throws ClosedChannelException if the socket is closed
     */
    public int acquire() throws ClosedChannelException {
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if ((s & 1) != 0) {
                throw new ClosedChannelException();
            }
            if (STATE.compareAndSet(this, s, s + 2)) {
                return fd;
            }
        }
    }

    /** Ends a call in flight; the last one out after a close closes the descriptor. */
    public void release() {
        int after = (int) STATE.getAndAdd(this, -2) - 2;
        if (after == 1) {
            destroy();
        }
    }

    public boolean isOpen() {
        return ((int) STATE.getVolatile(this) & 1) == 0;
    }

    /** Marks closed, wakes blocked readers, and closes now or when the last call in flight ends. Idempotent. */
    public void close() {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if ((s & 1) != 0) {
                return;
            }
            // Set the closed bit and hold a reference of our own in one step, so the shutdown below
            // can never hit a descriptor number that was closed and reused meanwhile.
        } while (!STATE.compareAndSet(this, s, (s | 1) + 2));
        if (s != 0) {
            synchronized (controlLock) {
                // Wakes a thread blocked in a readiness wait on this descriptor; it then sees the closed bit.
                LibC.shutdown(controlCapture, fd, LinuxConstants.SHUT_RDWR);
            }
        }
        release();
    }

    private void destroy() {
        synchronized (controlLock) {
            LibC.close(controlCapture, fd);
        }
        for (Runnable r : closeActions) {
            r.run();
        }
        arena.close();
    }

    private final java.util.List<Runnable> closeActions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code action} when the descriptor is finally closed (after the last call in flight). */
    public void onDestroy(Runnable action) {
        closeActions.add(action);
    }

    /** Forgets an action given to {@link #onDestroy} (e.g. a poller's, when it stops watching). */
    public void removeOnDestroy(Runnable action) {
        closeActions.remove(action);
    }

    /**
     * Runs a control-path call (options, bind, connect) with the descriptor held and a shared errno
     * capture; serialised, so safe from any thread.
     */
    public <T> T control(ControlCall<T> call) throws IOException {
        int descriptor = acquire();
        try {
            synchronized (controlLock) {
                return call.run(descriptor, controlCapture);
            }
        } finally {
            release();
        }
    }

    /** A control-path call given the descriptor and an errno capture segment. */
    @FunctionalInterface
    public interface ControlCall<T> {
        T run(int fd, MemorySegment capture) throws IOException;
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + fd + (isOpen() ? "" : ", closed") + "]";
    }
}
