/**
 * Salvo's counters as Micrometer meters: {@link io.salvo.micrometer.SalvoMetrics}, a
 * {@code MeterBinder} for named transports and pollers. Optional: the core has no dependency on it.
 */
module io.salvo.micrometer {
    requires io.salvo.core;
    requires micrometer.core;
    exports io.salvo.micrometer;
}
