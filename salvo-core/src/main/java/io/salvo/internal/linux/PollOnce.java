package io.salvo.internal.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One {@code poll(2)} on one descriptor the caller holds, into the caller's reused scratch. Allocation-free. */
final class PollOnce {

    private PollOnce() {
    }

    /**
     * {@link #ready} on {@code s}'s descriptor, held open for the wait; true at once when {@code s}
     * is closed (before or during the wait), so the caller's next call reports the close.
     */
    static boolean onSocket(NativeSocket s, MemorySegment pollfd, MemorySegment capture, int events, long timeoutNanos)
            throws IOException {
        int fd;
        try {
            fd = s.acquire();
        } catch (java.nio.channels.ClosedChannelException e) {
            return true;
        }
        try {
            return ready(pollfd, capture, fd, events, timeoutNanos) || !s.isOpen();
        } finally {
            s.release();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} (rounded up to whole milliseconds; 0 only looks) for
     * {@code events} on {@code fd}; errors and hang-ups count as ready.
     *
     * @return true when ready, false on timeout or a signal
     * @throws IOException when poll itself fails
     */
    static boolean ready(MemorySegment pollfd, MemorySegment capture, int fd, int events, long timeoutNanos)
            throws IOException {
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) events);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (timeoutNanos + 999_999) / 1_000_000));
        int rc = LibC.poll(capture, pollfd, 1, millis);
        if (rc < 0 && LibC.errno(capture) != Errno.EINTR) {
            throw Errno.exception("poll", LibC.errno(capture));
        }
        return rc > 0;
    }
}
