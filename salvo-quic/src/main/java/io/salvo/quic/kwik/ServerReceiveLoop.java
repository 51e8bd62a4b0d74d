package io.salvo.quic.kwik;

import tech.kwik.core.server.ServerConnector;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the receive side of a Kwik server on one Salvo thread instead of Kwik's two.
 *
 * <p><b>Why.</b> Kwik 0.10.8's {@code ServerConnector.start()} starts a {@code receiver} thread that
 * reads the socket and queues every datagram (an unbounded {@code LinkedBlockingQueue}) for a
 * {@code server receive loop} thread, which finds the datagram's connection and queues it again for
 * that connection's thread. This loop reads the {@link TransportDatagramSocket} and hands each
 * datagram to Kwik's routing ({@code ServerConnectorImpl.process(RawPacket)}, protected) on the same
 * thread: one thread, one queue and their wake-ups fewer per datagram, and a backlog waits in the
 * kernel's socket buffer, which is bounded, instead of in Kwik's queue, which is not. Datagrams are
 * taken with {@link TransportDatagramSocket#receiveExact()}, so each costs an array of its own
 * length rather than Kwik's 1,500 bytes.
 *
 * <p><b>How, and when it cannot.</b> Kwik publishes none of this ({@code RawPacket} is in a package
 * its module does not export), so {@link #start} reaches it reflectively (allowed on the class path,
 * where this module runs): it sets the connector's {@code acceptingNewConnections} (what
 * {@code start()} does besides starting its two threads) and does not call {@code start()}. If any
 * piece is missing (another Kwik version, or the module path without {@code --add-opens}), it calls
 * {@code connector.start()} instead and Kwik receives with its own threads as before;
 * {@link #direct()} says which happened.
 *
 * <p><b>Closing.</b> Kwik's {@code close} closes the socket, which ends this loop: the thread ends
 * once {@link TransportDatagramSocket#receiveExact()} throws. {@link #join} waits for it.
 *
 * <p><b>Errors.</b> An exception from Kwik's routing of one datagram is counted
 * ({@link #routingErrors()}) and the loop goes on, as Kwik's own loop does (it logs them).
 */
public final class ServerReceiveLoop {

    private final TransportDatagramSocket socket;
    private final ServerConnector connector;
    private final Routing routing;          // null when not direct
    private final Thread thread;            // null when not direct
    private final LongAdder routingErrors = new LongAdder();

    /** Kwik's {@code new RawPacket(DatagramPacket, Instant, int)} and {@code process(RawPacket)}, typed with Object for the packet. */
    private record Routing(MethodHandle newPacket, MethodHandle process) {
    }

    private ServerReceiveLoop(TransportDatagramSocket socket, ServerConnector connector, Routing routing) {
        this.socket = socket;
        this.connector = connector;
        this.routing = routing;
        this.thread = routing == null ? null
                : Thread.ofPlatform().name("salvo-quic-receive").unstarted(this::run);
    }

    /**
     * Starts receiving for {@code connector}, which must have been built with {@code socket} and not
     * started. Falls back to {@code connector.start()} when Kwik's internals are not reachable.
     */
    public static ServerReceiveLoop start(ServerConnector connector, TransportDatagramSocket socket) {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(socket, "socket");
        Routing routing = directRouting(connector);
        ServerReceiveLoop loop = new ServerReceiveLoop(socket, connector, routing);
        if (routing == null) {
            connector.start();
        } else {
            loop.thread.start();
        }
        return loop;
    }

    // Kwik's routing, once the connector accepts connections; null (and nothing changed) if unreachable.
    private static Routing directRouting(ServerConnector connector) {
        try {
            Class<?> rawPacket = Class.forName("tech.kwik.core.receive.RawPacket", false,
                    connector.getClass().getClassLoader());
            Constructor<?> newPacket = rawPacket.getConstructor(DatagramPacket.class, Instant.class, int.class);
            Method process = findMethod(connector.getClass(), "process", rawPacket);
            Field accepting = findField(connector.getClass(), "acceptingNewConnections");
            if (accepting.getType() != boolean.class || process.getReturnType() != void.class) {
                return null;
            }
            newPacket.setAccessible(true);
            process.setAccessible(true);
            accepting.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Routing routing = new Routing(
                    lookup.unreflectConstructor(newPacket)
                            .asType(MethodType.methodType(Object.class, DatagramPacket.class, Instant.class, int.class)),
                    lookup.unreflect(process)
                            .asType(MethodType.methodType(void.class, ServerConnector.class, Object.class)));
            accepting.setBoolean(connector, true);
            return routing;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static Method findMethod(Class<?> type, String name, Class<?> parameter) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, parameter);
            } catch (NoSuchMethodException e) {
                // try the superclass
            }
        }
        throw new NoSuchMethodException(name);
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

    /** True when this loop receives for Kwik; false when Kwik's own threads do (Kwik's internals were not reachable). */
    public boolean direct() {
        return thread != null;
    }

    /** Datagrams whose routing inside Kwik threw (each dropped, the loop went on). */
    public long routingErrors() {
        return routingErrors.sum();
    }

    /** Waits up to {@code timeoutMillis} for the loop's thread to end (it ends once the socket is closed). */
    public void join(long timeoutMillis) throws InterruptedException {
        if (thread != null) {
            thread.join(timeoutMillis);
        }
    }

    private void run() {
        int number = 0;
        while (true) {
            DatagramPacket datagram;
            try {
                datagram = socket.receiveExact();
            } catch (IOException e) {
                return; // thrown only once the socket is closed
            }
            try {
                // Stamped as Kwik's receiver thread stamps it (Kwik's server routing reads its own clock again).
                Object packet = (Object) routing.newPacket().invokeExact(datagram, Instant.now(), number++);
                routing.process().invokeExact(connector, packet);
            } catch (RuntimeException e) {
                routingErrors.increment();
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                routingErrors.increment(); // process declares no checked exception; counted all the same
            }
        }
    }
}
