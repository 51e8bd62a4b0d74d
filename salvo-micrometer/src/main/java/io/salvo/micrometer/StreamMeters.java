package io.salvo.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.salvo.stream.StreamTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one stream transport (TCP or Unix stream): bytes and calls under the same names as
 * datagram transports' ({@code salvo.sent.bytes}, {@code salvo.send.calls}, ...), back pressure,
 * and failures by cause. Read from {@link StreamTransport#stats()} when the registry is read.
 */
final class StreamMeters {

    private StreamMeters() {
    }

    static List<Meter> register(MeterRegistry registry, String name, StreamTransport t) {
        Tags tags = Tags.of(MeterNames.TRANSPORT, name);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(registry, MeterNames.BYTES_SENT, tags, t, x -> x.stats().bytesWritten(), BaseUnits.BYTES));
        meters.add(counter(registry, MeterNames.BYTES_RECEIVED, tags, t, x -> x.stats().bytesRead(), BaseUnits.BYTES));
        meters.add(counter(registry, MeterNames.SEND_CALLS, tags, t, x -> x.stats().writeCalls(), null));
        meters.add(counter(registry, MeterNames.RECEIVE_CALLS, tags, t, x -> x.stats().readCalls(), null));
        meters.add(counter(registry, MeterNames.STREAM_WRITES_FULL, tags, t, x -> x.stats().writesFull(), null));
        meters.add(counter(registry, MeterNames.STREAM_FAILURES, tags.and(MeterNames.CAUSE, "reset"), t,
                x -> x.stats().resets(), null));
        meters.add(counter(registry, MeterNames.STREAM_FAILURES, tags.and(MeterNames.CAUSE, "broken_pipe"), t,
                x -> x.stats().brokenPipes(), null));
        meters.add(counter(registry, MeterNames.STREAM_FAILURES, tags.and(MeterNames.CAUSE, "timeout"), t,
                x -> x.stats().timeouts(), null));
        meters.add(Gauge.builder(MeterNames.OPEN, t, x -> x.isOpen() ? 1 : 0).tags(tags)
                .description("1 while the transport is open").strongReference(true).register(registry));
        return meters;
    }

    private static <T> FunctionCounter counter(MeterRegistry registry, String name, Tags tags, T t, ToDoubleFunction<T> f,
                                               String baseUnit) {
        return FunctionCounter.builder(name, t, f).tags(tags).baseUnit(baseUnit).register(registry);
    }
}
