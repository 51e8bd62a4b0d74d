package io.salvo.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DropCause;
import io.salvo.transport.TransportEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one datagram transport: function counters and a gauge that read
 * {@link DatagramTransport#stats()} when the registry is read (a scrape, a publish), so the
 * transport's I/O pays nothing for them. Every {@code DropCause} and {@code TransportEvent} gets its
 * meter from the start, zero or not, so a dashboard never waits for the first drop to see the series.
 */
final class DatagramMeters {

    private DatagramMeters() {
    }

    /** Registers the transport's meters in {@code registry} and returns them (to remove them later). */
    static List<Meter> register(MeterRegistry registry, String name, DatagramTransport t) {
        Tags tags = Tags.of(MeterNames.TRANSPORT, name);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(registry, MeterNames.DATAGRAMS_SENT, tags, t, x -> x.stats().datagramsSent(), null,
                "Datagrams handed to the kernel"));
        meters.add(counter(registry, MeterNames.DATAGRAMS_RECEIVED, tags, t, x -> x.stats().datagramsReceived(), null,
                "Datagrams delivered to the application"));
        meters.add(counter(registry, MeterNames.BYTES_SENT, tags, t, x -> x.stats().bytesSent(), BaseUnits.BYTES,
                "Payload bytes sent"));
        meters.add(counter(registry, MeterNames.BYTES_RECEIVED, tags, t, x -> x.stats().bytesReceived(), BaseUnits.BYTES,
                "Payload bytes received"));
        meters.add(counter(registry, MeterNames.SEND_CALLS, tags, t, x -> x.stats().sendCalls(), null,
                "Send system calls"));
        meters.add(counter(registry, MeterNames.RECEIVE_CALLS, tags, t, x -> x.stats().receiveCalls(), null,
                "Receive system calls, empty ones included"));
        for (DropCause cause : DropCause.values()) {
            meters.add(counter(registry, MeterNames.DROPS, tags.and(MeterNames.CAUSE, lower(cause)), t,
                    x -> x.stats().drops(cause), null, "Datagrams lost or damaged, by cause"));
        }
        for (TransportEvent event : TransportEvent.values()) {
            meters.add(counter(registry, MeterNames.EVENTS, tags.and(MeterNames.KIND, lower(event)), t,
                    x -> x.stats().events(event), null, "Things counted that lost nothing, by kind"));
        }
        meters.add(Gauge.builder(MeterNames.OPEN, t, x -> x.isOpen() ? 1 : 0).tags(tags)
                .description("1 while the transport is open").strongReference(true).register(registry));
        return meters;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    // Function counters hold the transport weakly; SalvoMetrics holds it until it is unregistered.
    private static <T> FunctionCounter counter(MeterRegistry registry, String name, Tags tags, T t, ToDoubleFunction<T> f,
                                               String baseUnit, String description) {
        return FunctionCounter.builder(name, t, f).tags(tags).baseUnit(baseUnit).description(description)
                .register(registry);
    }
}
