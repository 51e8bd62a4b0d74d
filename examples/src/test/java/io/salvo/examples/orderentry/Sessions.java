package io.salvo.examples.orderentry;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.MessagingConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Shared test set-up: accounts, symbols, configurations, raw frames, and waits that hold on a loaded machine. */
final class Sessions {

    /** Generous: the tests must hold on a loaded 2-core machine; nothing waits this long when things work. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final Map<String, String> ACCOUNTS = Map.of("alice", "s3cret", "bob", "hunter2");
    static final Set<String> SYMBOLS = Set.of("ACME", "INITECH", "HOOLI");

    private Sessions() {
    }

    static MessagingConfig.Builder<OrderEntry> exchange() {
        return OrderEntryProtocol.exchange(ACCOUNTS, SYMBOLS);
    }

    static MessagingConfig.Builder<OrderEntry> alice() {
        return OrderEntryProtocol.trader("alice", "s3cret");
    }

    /** {@code message} as it travels: the 2-byte length, the type, the body. */
    static byte[] frame(OrderEntry message) throws FramingException {
        DatagramBuffer b = DatagramBuffer.allocate(OrderEntryCodec.MAX_FRAME_SIZE, 0);
        OrderEntryCodec.create().encode(message, b);
        byte[] out = new byte[2 + b.length()];
        out[0] = (byte) (b.length() >>> 8);
        out[1] = (byte) b.length();
        b.getBytes(0, out, 2, b.length());
        return out;
    }

    /** Waits until {@code condition} holds, failing after {@link #PATIENCE}. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
