package io.salvo.bench.compare;

/** A sender and a receiver of one system, running, with their counters and threads exposed for measuring. */
interface RunningPeer extends AutoCloseable {

    /** Datagrams the receiver has handed to the application so far. */
    long received();

    /** Datagrams the sender has handed to the kernel so far. */
    long sent();

    /** The thread that receives (its CPU time and allocation are measured); null until known. */
    Thread receiverThread();

    /** The thread that sends. */
    Thread senderThread();

    /** Stops both sides and frees their sockets. */
    @Override
    void close() throws Exception;

    /** A running peer from its parts. */
    static RunningPeer of(java.util.function.LongSupplier received, java.util.function.LongSupplier sent,
                          java.util.function.Supplier<Thread> receiverThread, java.util.function.Supplier<Thread> senderThread,
                          AutoCloseable stop) {
        return new RunningPeer() {
            @Override
            public long received() {
                return received.getAsLong();
            }

            @Override
            public long sent() {
                return sent.getAsLong();
            }

            @Override
            public Thread receiverThread() {
                return receiverThread.get();
            }

            @Override
            public Thread senderThread() {
                return senderThread.get();
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }
}
