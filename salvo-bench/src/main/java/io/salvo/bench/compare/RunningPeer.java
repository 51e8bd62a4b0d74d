package io.salvo.bench.compare;

/** A receiver and the sender feeding it, running; closing stops the sender first. */
record RunningPeer(Side receiver, Side sender) implements AutoCloseable {

    /** Whether both sides' threads are known, so the window can begin. */
    boolean ready() {
        return receiver.ready() && sender.ready();
    }

    /** Bytes allocated so far by the JVM threads of both sides. */
    long allocatedBytes() {
        return receiver.allocatedBytes() + sender.allocatedBytes();
    }

    @Override
    public void close() throws Exception {
        try {
            sender.stop().close();
        } finally {
            receiver.stop().close();
        }
    }
}
