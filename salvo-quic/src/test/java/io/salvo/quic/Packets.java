package io.salvo.quic;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Test packets that carry their own sequence number and a checkable body, and a handler that counts them. */
final class Packets {

    private Packets() {
    }

    /** A packet of {@code size} bytes (at least 8): the sequence number, then bytes derived from it. */
    static byte[] packet(long sequence, int size) {
        byte[] data = new byte[size];
        ByteBuffer.wrap(data).putLong(sequence);
        for (int i = 8; i < size; i++) {
            data[i] = (byte) (sequence * 31 + i);
        }
        return data;
    }

    /** Counts every packet by sequence number; records bodies that do not match their sequence. */
    static final class Collector implements PacketHandler {
        final Map<Long, AtomicInteger> timesSeen = new ConcurrentHashMap<>();
        final Map<Long, InetSocketAddress> peers = new ConcurrentHashMap<>();
        final AtomicLong corrupt = new AtomicLong();
        final AtomicLong total = new AtomicLong();

        @Override
        public void onPacket(byte[] data, int length, InetSocketAddress peer, long connectionId) {
            long sequence = ByteBuffer.wrap(data, 0, length).getLong();
            for (int i = 8; i < length; i++) {
                if (data[i] != (byte) (sequence * 31 + i)) {
                    corrupt.incrementAndGet();
                    break;
                }
            }
            timesSeen.computeIfAbsent(sequence, s -> new AtomicInteger()).incrementAndGet();
            peers.put(sequence, peer);
            total.incrementAndGet();
        }

        /** Whether each of 0..count-1 arrived exactly once and nothing else did. */
        boolean exactlyOnce(long count) {
            if (timesSeen.size() != count || total.get() != count) {
                return false;
            }
            for (long s = 0; s < count; s++) {
                AtomicInteger n = timesSeen.get(s);
                if (n == null || n.get() != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Polls {@code condition} until true or {@code seconds} pass; the wide timeouts keep loaded machines from failing tests. */
    static boolean await(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
