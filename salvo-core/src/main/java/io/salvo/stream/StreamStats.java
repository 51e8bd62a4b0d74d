package io.salvo.stream;

/**
 * A snapshot of a stream transport's counters, read one by one (a snapshot taken mid-call may be
 * off by that call).
 *
 * @param bytesRead     bytes delivered by reads
 * @param bytesWritten  bytes the kernel took from writes
 * @param readCalls     read system calls, empty ones included
 * @param writeCalls    write system calls
 * @param writesFull    writes that found the send buffer full and took nothing (back pressure, not loss)
 * @param endOfStream   1 once a read saw the peer's end of stream, else 0
 * @param resets        reads or writes that found the connection reset by the peer
 * @param brokenPipes   writes refused because the connection was shut down or reset
 * @param timeouts      operations that failed because keep-alive or the user timeout gave up
 */
public record StreamStats(
        long bytesRead,
        long bytesWritten,
        long readCalls,
        long writeCalls,
        long writesFull,
        long endOfStream,
        long resets,
        long brokenPipes,
        long timeouts) {

    @Override
    public String toString() {
        return "read " + bytesRead + " B in " + readCalls + " calls; wrote " + bytesWritten + " B in " + writeCalls
                + " calls (" + writesFull + " full); eof=" + endOfStream + " resets=" + resets + " broken-pipes="
                + brokenPipes + " timeouts=" + timeouts;
    }
}
