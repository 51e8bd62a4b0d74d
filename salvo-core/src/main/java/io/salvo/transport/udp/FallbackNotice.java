package io.salvo.transport.udp;

import io.salvo.internal.linux.NativeAccess;

import java.util.concurrent.atomic.AtomicBoolean;

/** Says once per JVM, through {@link System.Logger}, that UDP falls back to NIO, why, and how to enable the native path. */
final class FallbackNotice {
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private FallbackNotice() {
    }

    static void logOnce() {
        if (LOGGED.compareAndSet(false, true)) {
            System.getLogger("io.salvo.transport.udp").log(System.Logger.Level.WARNING,
                    "Salvo UDP uses the DatagramChannel fallback (one datagram per system call, no offloads): "
                            + NativeAccess.unavailableReason());
        }
    }
}
