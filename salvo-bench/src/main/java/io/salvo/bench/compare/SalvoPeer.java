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
        return !(plainOnly && cell.offload());
    }

    @Override
    public RunningPeer start(Cell cell) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpOptions base = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE)
                .receiveBufferSize(16 << 20).sendBufferSize(4 << 20).forceBufferSizes(true)
                .gsoCoalescing(gsoCoalescing).build();
        UdpTransport rx = UdpTransport.bind(any, base.toBuilder().gro(cell.offload()).build());
        UdpTransport tx = UdpTransport.bind(any, base);
        int segments = cell.offload() ? Math.max(1, Math.min(64, 65_507 / cell.size())) : 1;
        ReceiverLoop receiver = new ReceiverLoop(rx, BATCH, cell.size(),
                coalesceNanos);
        SenderLoop sender = new SenderLoop(tx, rx.localAddress(), cell.size(), BATCH, segments, 0);
        Thread rxThread = Thread.ofPlatform().name("salvo-rx").start(receiver);
        Thread txThread = Thread.ofPlatform().name("salvo-tx").start(sender);
        return RunningPeer.of(receiver::received, sender::sent, () -> rxThread, () -> txThread, () -> {
            sender.stop();
            txThread.join();
            rx.close();
            rxThread.join();
            tx.close();
        });
    }
}
