package io.salvo.bench;

/** One ping-pong run: round-trip percentiles in microseconds (HdrHistogram), round trips per second, samples. */
public record LatencyRun(double p50Micros, double p99Micros, double p999Micros, double maxMicros, double roundTripsPerSecond,
                  long samples) {
}
