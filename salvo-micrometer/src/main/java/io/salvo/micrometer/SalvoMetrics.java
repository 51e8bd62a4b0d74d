package io.salvo.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.salvo.loop.Poller;
import io.salvo.stream.StreamTransport;
import io.salvo.transport.DatagramTransport;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Micrometer {@link MeterBinder} for Salvo: every transport and poller registered with a name
 * gets meters (see {@link MeterNames}) in every registry this is bound to, whether it was
 * registered before or after the binding. Meters are function counters and gauges that read the
 * transport's own statistics when the registry is read, so sending and receiving cost nothing more
 * than they did; each read of a registry takes one statistics snapshot per meter.
 *
 * <pre>{@code
 * SalvoMetrics metrics = new SalvoMetrics();
 * metrics.register("quotes-in", receiver).register("orders-out", sender).register("io", poller);
 * metrics.bindTo(registry);       // e.g. a PrometheusMeterRegistry: salvo_datagrams_received_total{transport="quotes-in"}
 * ...
 * metrics.unregister(receiver);   // its meters leave every bound registry
 * }</pre>
 *
 * <p>Names are tag values: give roles ("quotes-in"), not addresses, and one name per transport
 * (registering a second object under a name in use is refused). A transport keeps its meters after
 * it closes ({@code salvo.transport.open} reads 0) until it is unregistered, so the last counts
 * stay visible. Thread-safe.
 */
public final class SalvoMetrics implements MeterBinder {

    private final Map<String, Object> byName = new LinkedHashMap<>();
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** Per registered object, per registry, the meters made for it. */
    private final Map<Object, Map<MeterRegistry, List<Meter>>> meters = new IdentityHashMap<>();

    /** Exposes a datagram transport's counters under {@code name}; returns this. */
    public SalvoMetrics register(String name, DatagramTransport transport) {
        return add(name, transport);
    }

    /** Exposes a stream transport's counters under {@code name}; returns this. */
    public SalvoMetrics register(String name, StreamTransport transport) {
        return add(name, transport);
    }

    /** Exposes how many transports and listeners a poller services, under {@code name}; returns this. */
    public SalvoMetrics register(String name, Poller poller) {
        return add(name, poller);
    }

    /** Removes an object's meters from every bound registry and forgets it. No-op if it was not registered. */
    public synchronized void unregister(Object registered) {
        Map<MeterRegistry, List<Meter>> made = meters.remove(registered);
        byName.values().removeIf(o -> o == registered);
        if (made != null) {
            made.forEach((registry, list) -> list.forEach(registry::remove));
        }
    }

    /** The names registered, in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (registries.contains(registry)) {
            return;
        }
        registries.add(registry);
        byName.forEach((name, o) -> meters.get(o).put(registry, make(registry, name, o)));
    }

    private synchronized SalvoMetrics add(String name, Object o) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(o, "transport");
        Object present = byName.get(name);
        if (present == o) {
            return this;
        }
        if (present != null) {
            throw new IllegalArgumentException("the name '" + name + "' is taken by " + present);
        }
        if (meters.containsKey(o)) {
            throw new IllegalArgumentException(o + " is registered under another name");
        }
        byName.put(name, o);
        Map<MeterRegistry, List<Meter>> made = new IdentityHashMap<>();
        for (MeterRegistry registry : registries) {
            made.put(registry, make(registry, name, o));
        }
        meters.put(o, made);
        return this;
    }

    private static List<Meter> make(MeterRegistry registry, String name, Object o) {
        return switch (o) {
            case DatagramTransport d -> DatagramMeters.register(registry, name, d);
            case StreamTransport s -> StreamMeters.register(registry, name, s);
            case Poller p -> List.of(Gauge.builder(MeterNames.POLLER_REGISTERED, p, Poller::registered)
                    .tags(Tags.of(MeterNames.TRANSPORT, name)).description("Transports and listeners the poller services")
                    .strongReference(true).register(registry));
            default -> throw new IllegalArgumentException("not a transport or poller: " + o);
        };
    }
}
