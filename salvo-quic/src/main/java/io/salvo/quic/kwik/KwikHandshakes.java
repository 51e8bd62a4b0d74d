package io.salvo.quic.kwik;

import tech.kwik.core.QuicConnection;
import tech.kwik.core.server.ServerConnector;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists the connections a Kwik server holds whose TLS handshake has not completed, which Kwik
 * 0.10.8 neither reports nor times out (it tells the application about a connection only once the
 * handshake is done, and only its idle timer ends a stalled one). The streamer uses this to close
 * handshakes that take too long.
 *
 * <p>Read reflectively from Kwik's internals (allowed on the class path, where this module runs):
 * the connector's {@code connectionRegistry}, its map {@code currentConnections}, each
 * {@code ServerConnectionThread}'s {@code serverConnection} and the connection's
 * {@code connectionState} ({@code Created} or {@code Handshaking} until the handshake completes).
 * If a future Kwik renames any of them, {@link #available()} is false and both listings are empty:
 * handshakes then end only by Kwik's idle timeout, as before.
 *
 * <p>Thread-safe (Kwik's registry is a concurrent map). Each call walks every entry of Kwik's
 * registry: a connection's IDs and every connection candidate (an Initial not yet decrypted, kept
 * up to 30 s, so up to 30 s of the Initial budget under a flood), skipping candidates with one type
 * check; it allocates only for connections.
 */
public final class KwikHandshakes {

    private final Map<?, ?> registry;
    private final Field serverConnection;
    private final Field connectionState;

    private KwikHandshakes(Map<?, ?> registry, Field serverConnection, Field connectionState) {
        this.registry = registry;
        this.serverConnection = serverConnection;
        this.connectionState = connectionState;
    }

    /** A reader for {@code connector}'s connections; never null, see {@link #available()}. */
    public static KwikHandshakes of(ServerConnector connector) {
        try {
            Field registryField = field(connector.getClass(), "connectionRegistry");
            Object registryImpl = registryField.get(connector);
            // The map itself, not getAllConnections(), which de-duplicates every entry into a new set.
            Object registry = field(registryImpl.getClass(), "currentConnections").get(registryImpl);
            Class<?> thread = Class.forName("tech.kwik.core.server.impl.ServerConnectionThread");
            Field connection = field(thread, "serverConnection");
            Class<?> impl = Class.forName("tech.kwik.core.impl.QuicConnectionImpl");
            Field state = field(impl, "connectionState");
            if (!(registry instanceof Map<?, ?> map) || !state.getType().isEnum()
                    || !QuicConnection.class.isAssignableFrom(connection.getType())) {
                return new KwikHandshakes(null, null, null);
            }
            return new KwikHandshakes(map, connection, state);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new KwikHandshakes(null, null, null);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Whether Kwik's internals were found. */
    public boolean available() {
        return registry != null;
    }

    /** The connections whose handshake is still under way (not completed, not failed, not closing). */
    public List<QuicConnection> handshaking() {
        List<QuicConnection> result = new ArrayList<>();
        for (QuicConnection c : held()) {
            String state = state(c);
            if ("Created".equals(state) || "Handshaking".equals(state)) {
                result.add(c);
            }
        }
        return result;
    }

    /**
     * Every connection Kwik holds, in any state (handshaking, open, closing): what it still spends
     * threads and memory on. Connection candidates (an Initial not yet decrypted) are not included.
     */
    public List<QuicConnection> held() {
        List<QuicConnection> result = new ArrayList<>();
        if (registry == null) {
            return result;
        }
        Class<?> connectionProxy = serverConnection.getDeclaringClass();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a connection is listed under each of its IDs
        try {
            for (Object proxy : registry.values()) {
                if (connectionProxy.isInstance(proxy) && seen.add(proxy)) {
                    result.add((QuicConnection) serverConnection.get(proxy));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Kwik changed under us after all: report nothing rather than fail the caller's sweep.
        }
        return result;
    }

    private String state(QuicConnection connection) {
        try {
            Object state = connectionState.get(connection);
            return state == null ? "" : ((Enum<?>) state).name();
        } catch (IllegalAccessException | RuntimeException e) {
            return "";
        }
    }
}
