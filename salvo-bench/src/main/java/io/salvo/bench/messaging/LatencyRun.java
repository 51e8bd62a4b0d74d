package io.salvo.bench.messaging;

/** One ping-pong run: round-trip percentiles in microseconds (HdrHistogram), round trips per second, samples. */
record LatencyRun(double p50Micros, double p99Micros, double p999Micros, double maxMicros, double roundTripsPerSecond,
                  long samples) {
}
