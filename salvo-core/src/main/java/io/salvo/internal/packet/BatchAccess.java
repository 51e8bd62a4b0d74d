package io.salvo.internal.packet;

import io.salvo.packet.PacketBatch;

import java.util.function.Function;

/**
 * Lets transports reach a {@link PacketBatch}'s {@link BatchState} without making it public API
 * (the JDK's "shared secrets" pattern). {@code PacketBatch} registers the accessor when its class
 * initialises, which has happened by the time any batch exists.
 */
public final class BatchAccess {

    private static Function<PacketBatch, BatchState> accessor;

    private BatchAccess() {
    }

    public static void register(Function<PacketBatch, BatchState> f) {
        accessor = f;
    }

    public static BatchState state(PacketBatch batch) {
        return accessor.apply(batch);
    }
}
