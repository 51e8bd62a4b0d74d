package io.salvo.bench.compare;

/**
 * One measured run of one system in one cell, over the measured window (after warm-up).
 *
 * @param receivedPps           datagrams per second handed to the receiving application
 * @param sentPps               datagrams per second handed to the kernel by the sender
 * @param receiverCpuNs         receiver thread CPU nanoseconds per received datagram
 * @param allocatedPerDatagram  bytes allocated by the sender and receiver threads per received datagram
 */
record RunResult(String system, Cell cell, double receivedPps, double sentPps, double receiverCpuNs,
                 double allocatedPerDatagram) {
}
