package io.salvo.stream.tcp;

import io.salvo.internal.linux.NativeAccess;

import java.util.concurrent.atomic.AtomicBoolean;

/** Says once per JVM, through {@link System.Logger}, that TCP falls back to NIO, why, and how to enable the native path. */
final class TcpFallbackNotice {
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private TcpFallbackNotice() {
    }

    static void logOnce() {
        if (LOGGED.compareAndSet(false, true)) {
            System.getLogger("io.salvo.stream.tcp").log(System.Logger.Level.WARNING,
                    "Salvo TCP uses the SocketChannel fallback: " + NativeAccess.unavailableReason());
        }
    }
}
