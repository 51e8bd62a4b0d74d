package io.salvo.bench.compare;

import io.salvo.perf.ReceiverLoop;
import io.salvo.perf.SenderLoop;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Salvo's native transport: recvmmsg/sendmmsg batches of 64; with offload, explicit GSO messages
 * and GRO receive. Two knobs distinguish the variants: whether {@code sendBatch} coalesces runs of
 * equal-size slots into GSO messages on its own (Salvo's default), and whether the receive loop,
 * after a partial batch, lets the queue fill for a few microseconds before the next recvmmsg.
 */
final class SalvoPeer implements Peer {

    static final int BATCH = 64;

    private final String name;
    private final long coalesceNanos;
    private final boolean gsoCoalescing;
    private final boolean plainOnly;

    /**
     * @param coalesceNanos how long the receiver lets a drained queue refill (0: wait for readiness at once)
     * @param gsoCoalescing whether sendBatch turns equal-size runs into GSO messages by itself
     * @param plainOnly     run only the cells without offloads (a variant for comparison)
     */
    SalvoPeer(String name, long coalesceNanos, boolean gsoCoalescing, boolean plainOnly) {
        this.name = name;
        this.coalesceNanos = coalesceNanos;
        this.gsoCoalescing = gsoCoalescing;
        this.plainOnly = plainOnly;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Cell cell) {
        return !(plainOnly && cell.mode() != Cell.Mode.PLAIN);
    }

    @Override
    public Side startReceiver(Cell cell) throws Exception {
        UdpTransport rx = UdpTransport.bind(LOOPBACK_ANY, options().toBuilder().gro(cell.offload()).build());
        ReceiverLoop receiver = new ReceiverLoop(rx, BATCH, cell.size(), coalesceNanos);
        Thread rxThread = Thread.ofPlatform().name("salvo-rx").start(receiver);
        return Side.onThread((InetSocketAddress) rx.localAddress(), receiver::received, () -> rxThread, () -> {
            rx.close();
            rxThread.join();
        });
    }

    @Override
    public Side startSender(Cell cell, InetSocketAddress target) throws Exception {
        return startSender(cell, target, options());
    }

    /** Salvo's sender with {@code options}: this system's, or the receiver-bound cells' feeder when there is no C. */
    static Side startSender(Cell cell, InetSocketAddress target, UdpOptions options) throws Exception {
        UdpTransport tx = UdpTransport.bind(LOOPBACK_ANY, options);
        SenderLoop sender = new SenderLoop(tx, target, cell.size(), BATCH, cell.segments(), 0);
        Thread txThread = Thread.ofPlatform().name("salvo-tx").start(sender);
        return Side.onThread(null, sender::sent, () -> txThread, () -> {
            sender.stop();
            txThread.join();
            tx.close();
        });
    }

    private UdpOptions options() {
        return defaultOptions().toBuilder().gsoCoalescing(gsoCoalescing).build();
    }

    /** Native UDP with the comparison's buffer sizes (16 MiB receive, 4 MiB send, forced). */
    static UdpOptions defaultOptions() {
        return UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE)
                .receiveBufferSize(16 << 20).sendBufferSize(4 << 20).forceBufferSizes(true).build();
    }

    private static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
}
