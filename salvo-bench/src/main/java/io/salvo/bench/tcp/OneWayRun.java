package io.salvo.bench.tcp;

/** One one-way run, measured at the receiver: messages, wall time, and the receiving thread's CPU time. */
public record OneWayRun(long messages, long elapsedNanos, long receiverCpuNanos) {

    public double messagesPerSecond() {
        return messages / (elapsedNanos / 1e9);
    }

    public double cpuNanosPerMessage() {
        return messages == 0 ? Double.NaN : (double) receiverCpuNanos / messages;
    }
}
