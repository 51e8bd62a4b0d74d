package io.salvo.bench.compare;

import java.net.InetSocketAddress;

/** A system under comparison: C (the kernel's limit), Salvo native, JDK DatagramChannel, Netty epoll. */
interface Peer {

    String name();

    /** Whether this system can run the cell (the JDK has no GSO/GRO). */
    boolean supports(Cell cell);

    /** Starts a receiver on loopback for the cell (GRO when the cell has both offloads). */
    Side startReceiver(Cell cell) throws Exception;

    /** Starts a sender to {@code target} for the cell ({@link Cell#segments()} datagrams per message). */
    Side startSender(Cell cell, InetSocketAddress target) throws Exception;

    /**
     * Starts a receiver and what feeds it: this system's own sender, or in a receiver-bound cell
     * the shared {@link GsoFeeder}.
     */
    default RunningPeer start(Cell cell) throws Exception {
        Side rx = startReceiver(cell);
        try {
            Side tx = cell.receiverBound() ? GsoFeeder.start(cell, rx.address()) : startSender(cell, rx.address());
            return new RunningPeer(rx, tx);
        } catch (Exception | Error e) {
            rx.stop().close();
            throw e;
        }
    }
}
