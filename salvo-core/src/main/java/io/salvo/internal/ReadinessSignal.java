package io.salvo.internal;

/**
 * A transport with no kernel object to wait on that still tells a waiter when it may have become
 * readable: the loopback endpoint, whose network calls the listener whenever it queues or holds back
 * a datagram for it, and when it closes. A {@code Poller} installs a listener and so leaves such a
 * transport alone until it is called, instead of looking at it every round.
 */
public interface ReadinessSignal {

    /**
     * Installs {@code listener} in place of any earlier one. It runs on the thread that queued the
     * datagram (or closed the endpoint), with the network's lock held: it must be quick, must not
     * block and must not call back into the network.
     */
    void setReadinessListener(Runnable listener);

    /** Removes {@code listener} if it is the one installed (a later one stays). */
    void removeReadinessListener(Runnable listener);

    /**
     * True while datagrams for this endpoint are in flight but not yet deliverable (a simulated
     * delay, a rate limit, or held back to be overtaken): their time comes on the network's clock and
     * nothing announces it, so a waiter must look again. Takes the network's lock.
     */
    boolean awaitsInFlightDatagrams();
}
