package io.salvo.bench.compare;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's DatagramChannel as its users run it for throughput: blocking channels (the thread
 * sleeps in the kernel when idle), one direct buffer reused for every datagram, large socket buffers.
 */
final class NioPeer implements Peer {

    @Override
    public String name() {
        return "jdk-nio";
    }

    @Override
    public boolean supports(Cell cell) {
        return !cell.offload(); // receives a receiver-bound cell's GSO datagrams as the kernel splits them
    }

    @Override
    public Side startReceiver(Cell cell) throws Exception {
        DatagramChannel rx = DatagramChannel.open();
        rx.setOption(StandardSocketOptions.SO_RCVBUF, 16 << 20);
        rx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // Single-writer counter: an opaque store per datagram is a plain store the JIT may not drop.
        AtomicLong received = new AtomicLong();
        Thread rxThread = Thread.ofPlatform().name("nio-rx").start(() -> {
            ByteBuffer in = ByteBuffer.allocateDirect(65_536);
            long count = 0;
            try {
                while (true) {
                    in.clear();
                    rx.receive(in);
                    received.setOpaque(++count);
                }
            } catch (ClosedChannelException closed) {
                // end of run
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return Side.onThread((InetSocketAddress) rx.getLocalAddress(), received::getOpaque, () -> rxThread, () -> {
            rx.close();
            rxThread.join();
        });
    }

    @Override
    public Side startSender(Cell cell, InetSocketAddress target) throws Exception {
        DatagramChannel tx = DatagramChannel.open();
        tx.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        tx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AtomicLong sent = new AtomicLong();
        Thread txThread = Thread.ofPlatform().name("nio-tx").start(() -> {
            ByteBuffer out = ByteBuffer.allocateDirect(cell.size());
            long count = 0;
            try {
                while (true) {
                    out.clear();
                    tx.send(out, target);
                    sent.setOpaque(++count);
                }
            } catch (ClosedChannelException closed) {
                // end of run
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return Side.onThread(null, sent::getOpaque, () -> txThread, () -> {
            tx.close();
            txThread.join();
        });
    }
}
