package io.salvo.internal.linux;

/**
 * Something Salvo built on a {@link NativeSocket} (a transport or a listener), so the Poller's epoll
 * set can watch its descriptor. Internal: this package is not exported.
 */
public interface NativeSocketHolder {

    /** The socket; its close protocol keeps the descriptor valid while a caller holds it. */
    NativeSocket nativeSocket();
}
