package io.salvo.observe;

import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamStats;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.SocketStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Salvo's JDK Flight Recorder events, and the one place that emits them. Every check is a read of
 * whether the event type is enabled: with no recording running, a transport pays nothing beyond
 * that, and the hot paths (send, receive) emit nothing at all; open, close, GSO refusals and loop
 * stalls are rare events. Open transports are kept in a weak set, so the periodic statistics event
 * can visit them without keeping a forgotten transport alive.
 *
 * <p>Record them with {@code -XX:StartFlightRecording} (every Salvo event is on in the default
 * settings) or {@code salvo-perf --jfr FILE}; see docs/operations.md.
 */
public final class SalvoEvents {

    private static final long STALL_NANOS = Long.getLong("salvo.jfr.loopStallMillis", 10) * 1_000_000L;
    private static final Set<Object> OPEN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /**
     * The event types, once the flight recorder is initialized (a recording was made, or the JVM
     * started with one); null before. Looking an event type up initializes the recorder, which costs
     * about a third of a second: Salvo never does it on its own, only once JFR is up anyway.
     */
    private static volatile Types types;

    private record Types(EventType opened, EventType closed, EventType gsoFallback, EventType loopStall) {
    }

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                FlightRecorder.addPeriodicEvent(TransportStatisticsEvent.class, SalvoEvents::emitStatistics);
                types = new Types(EventType.getEventType(TransportOpenedEvent.class),
                        EventType.getEventType(TransportClosedEvent.class), EventType.getEventType(GsoFallbackEvent.class),
                        EventType.getEventType(LoopStallEvent.class));
            }
        });
    }

    private static boolean enabled(java.util.function.Function<Types, EventType> which) {
        Types t = types;
        return t != null && which.apply(t).isEnabled();
    }

    private SalvoEvents() {
    }

    /** A transport or listener opened: remembered for the statistics event, and reported; returns it. */
    public static <T> T opened(T transport) {
        OPEN.add(transport);
        if (enabled(Types::opened)) {
            TransportOpenedEvent e = new TransportOpenedEvent();
            e.transport = String.valueOf(transport);
            e.capabilities = capabilitiesOf(transport);
            e.commit();
        }
        return transport;
    }

    /** A transport or listener closed (call once, before its memory goes): reported with its last counters. */
    public static void closed(Object transport) {
        if (!OPEN.remove(transport)) {
            return; // never registered, or already reported
        }
        if (enabled(Types::closed)) {
            TransportClosedEvent e = new TransportClosedEvent();
            e.transport = String.valueOf(transport);
            e.statistics = statisticsOf(transport);
            e.commit();
        }
    }

    /** True when a recording wants {@link #gsoFallback} events (check before building their arguments). */
    public static boolean recordingGsoFallbacks() {
        return enabled(Types::gsoFallback);
    }

    /** The kernel refused a GSO message of {@code datagrams} datagrams to {@code destination}. */
    public static void gsoFallback(Object transport, Object destination, String error, int datagrams, boolean automatic) {
        if (enabled(Types::gsoFallback)) {
            GsoFallbackEvent e = new GsoFallbackEvent();
            e.transport = String.valueOf(transport);
            e.destination = String.valueOf(destination);
            e.error = error;
            e.datagrams = datagrams;
            e.automatic = automatic;
            e.commit();
        }
    }

    /** True when callbacks should be timed for {@link #loopCallback}: a recording wants loop stalls. */
    public static boolean timingLoops() {
        Types t = types; // the loops ask per batch: no lambda on this path
        return t != null && t.loopStall().isEnabled();
    }

    /** A loop callback took {@code nanos}; reported when over the stall threshold. */
    public static void loopCallback(Object transport, long nanos, int datagrams) {
        if (nanos >= STALL_NANOS && enabled(Types::loopStall)) {
            LoopStallEvent e = new LoopStallEvent();
            e.transport = String.valueOf(transport);
            e.callbackNanos = nanos;
            e.datagrams = datagrams;
            e.commit();
        }
    }

    private static void emitStatistics() {
        List<Object> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        for (Object t : open) {
            TransportStatisticsEvent e = new TransportStatisticsEvent();
            e.transport = String.valueOf(t);
            if (t instanceof DatagramTransport d) {
                SocketStats s = d.stats();
                e.datagramsSent = s.datagramsSent();
                e.datagramsReceived = s.datagramsReceived();
                e.bytesSent = s.bytesSent();
                e.bytesReceived = s.bytesReceived();
                e.sendCalls = s.sendCalls();
                e.receiveCalls = s.receiveCalls();
                e.drops = s.totalDrops();
                e.dropsByCause = nonZero(s.drops());
                e.events = s.events().values().stream().mapToLong(Long::longValue).sum();
            } else if (t instanceof StreamTransport st) {
                StreamStats s = st.stats();
                e.bytesSent = s.bytesWritten();
                e.bytesReceived = s.bytesRead();
                e.sendCalls = s.writeCalls();
                e.receiveCalls = s.readCalls();
                e.drops = s.resets() + s.brokenPipes() + s.timeouts();
                e.events = s.writesFull();
            } else {
                continue; // listeners have nothing periodic to report
            }
            e.commit();
        }
    }

    private static String capabilitiesOf(Object t) {
        if (t instanceof DatagramTransport d) {
            return String.valueOf(d.capabilities());
        }
        if (t instanceof StreamTransport s) {
            return String.valueOf(s.capabilities());
        }
        return t instanceof StreamListener<?> ? "listener" : "";
    }

    private static String statisticsOf(Object t) {
        try {
            if (t instanceof DatagramTransport d) {
                return String.valueOf(d.stats());
            }
            if (t instanceof StreamTransport s) {
                return String.valueOf(s.stats());
            }
            if (t instanceof StreamListener<?> l) {
                return "accepted " + l.accepted();
            }
        } catch (RuntimeException e) {
            return "unavailable: " + e;
        }
        return "";
    }

    private static String nonZero(Map<DropCause, Long> drops) {
        StringBuilder sb = new StringBuilder();
        drops.forEach((cause, n) -> {
            if (n != 0) {
                sb.append(sb.isEmpty() ? "" : " ").append(cause.name().toLowerCase(Locale.ROOT)).append('=').append(n);
            }
        });
        return sb.toString();
    }
}
