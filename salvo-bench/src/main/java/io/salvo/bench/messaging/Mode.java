package io.salvo.bench.messaging;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How the two ends of a round trip wait:
 * <ul>
 *   <li>{@link #SPIN}: both ends busy-poll and never sleep (Salvo: {@code tryRecv} loops on
 *       dedicated threads; Netty: a {@code BUSY_WAIT} select strategy).</li>
 *   <li>{@link #POLLER}: both ends are callbacks on an event loop that sleeps in {@code epoll_wait}
 *       (Salvo: {@code onMessage} on a {@code MessagingPoller}; Netty: its event loop). The same
 *       shape on both sides.</li>
 *   <li>{@link #BLOCK}: Salvo only: the client thread parks in {@code recv()} and its poller wakes
 *       it; the server is a callback. What a thread-per-connection application does; Netty has no
 *       such style, so its row to compare with is {@link #POLLER}.</li>
 * </ul>
 */
enum Mode {
    SPIN,
    POLLER,
    BLOCK;

    @JsonValue
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Netty mode a Salvo row in this mode is compared with. */
    Mode nettyPeer() {
        return this == BLOCK ? POLLER : this;
    }
}
