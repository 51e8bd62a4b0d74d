package io.salvo.quic.kwik;

import tech.kwik.core.QuicConnection;

import java.lang.reflect.Field;

/**
 * Reads how many unidirectional streams the peer allows this connection to have opened in all
 * (the peer's cumulative MAX_STREAMS), which Kwik 0.10.8 tracks but does not publish.
 *
 * <p>Why: Kwik reports no acknowledgement per stream, and its writes return as soon as the data is
 * queued, so "written" says nothing about delivery. A receiver returns one stream of credit when it
 * is done with a stream (Kwik and quiche both do), so {@code credit - initialCredit} is how many
 * streams the peer has finished: that is what {@code QuicSender} counts as confirmed. Read
 * reflectively from Kwik's internals (allowed on the class path, where this module runs); if a
 * future Kwik renames them, {@link #available()} is false and nothing is ever confirmed.
 */
public final class PeerStreamCredit {

    private final Object streamManager;
    private final Field credit;

    private PeerStreamCredit(Object streamManager, Field credit) {
        this.streamManager = streamManager;
        this.credit = credit;
    }

    /** A reader for {@code connection}; never null, see {@link #available()}. */
    public static PeerStreamCredit of(QuicConnection connection) {
        try {
            Field managerField = findField(connection.getClass(), "streamManager");
            managerField.setAccessible(true);
            Object manager = managerField.get(connection);
            Field creditField = findField(manager.getClass(), "maxStreamsAcceptedByPeerUni");
            creditField.setAccessible(true);
            return new PeerStreamCredit(manager, creditField);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new PeerStreamCredit(null, null);
        }
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Whether Kwik's internals were found. */
    public boolean available() {
        return credit != null;
    }

    /** The peer's cumulative unidirectional stream limit, or -1 when unknown (not yet connected, or unavailable). */
    public long current() {
        if (credit == null) {
            return -1;
        }
        try {
            Object value = credit.get(streamManager);
            return value == null ? -1 : (Long) value;
        } catch (IllegalAccessException e) {
            return -1;
        }
    }
}
