package io.salvo.bench.compare;

/** A system under comparison: Salvo native, JDK DatagramChannel, Netty epoll. */
interface Peer {

    String name();

    /** Whether this system can run the cell (the JDK has no GSO/GRO). */
    boolean supports(Cell cell);

    /** Starts a sender and a receiver on loopback for the cell. */
    RunningPeer start(Cell cell) throws Exception;
}
