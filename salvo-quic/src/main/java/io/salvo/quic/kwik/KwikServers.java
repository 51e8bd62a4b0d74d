package io.salvo.quic.kwik;

import tech.kwik.core.server.ServerConnector;

import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Closes a Kwik {@link ServerConnector} without its fixed 30-second wait. Kwik 0.10.8's public
 * {@code close()} waits up to 30 s for every registered connection to go, and connection
 * candidates made by stray Initial packets (a flood, a client that gave up) stay registered for
 * 30 s, so a streamer that saw one would take 30 s to close. The implementation has a
 * {@code close(Duration)}, protected; it is called reflectively (Salvo's QUIC module runs on the
 * class path, where that is allowed), falling back to {@code close()} if Kwik changes.
 */
public final class KwikServers {

    private KwikServers() {
    }

    /** Closes {@code connector}, waiting at most about {@code wait} for its connections to close. */
    public static void close(ServerConnector connector, Duration wait) {
        try {
            Method close = connector.getClass().getDeclaredMethod("close", Duration.class);
            close.setAccessible(true);
            close.invoke(connector, wait);
        } catch (ReflectiveOperationException | RuntimeException e) {
            connector.close();
        }
    }
}
