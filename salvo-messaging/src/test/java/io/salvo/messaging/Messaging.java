package io.salvo.messaging;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared test set-up: the test protocol's configuration and waiting helpers that hold on a loaded machine. */
final class Messaging {

    /** Generous: tests must hold on a loaded 2-core machine; nothing waits this long when things work. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private Messaging() {
    }

    static MessagingConfig.Builder<Msg> config() {
        return MessagingConfig.builder(new LengthPrefixTestFramer(64 * 1024), MsgCodec::new).name("test");
    }

    /** Waits until {@code condition} holds, failing after {@link #PATIENCE}. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A blocking receive that fails the test instead of hanging. */
    static Msg recvOrFail(Clt<Msg> c) throws java.io.IOException {
        Msg m = c.recvBlocking(PATIENCE);
        if (m == null) {
            throw new AssertionError(c.name() + ": no message within " + PATIENCE);
        }
        return m;
    }
}
