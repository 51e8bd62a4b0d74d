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
}
