package io.salvo.quic.kwik;

import java.lang.foreign.MemorySegment;

/**
 * Decides, before Kwik sees it, whether a received datagram is worth Kwik's time: Kwik copies
 * every datagram into a fresh array and parses it on its receive thread, so refusing garbage here,
 * while it still sits in the receive batch's native memory, is the cheap place to do it.
 *
 * <p>Called on the receiving thread only, one datagram at a time; must not keep {@code payload},
 * which is only valid during the call.
 */
@FunctionalInterface
public interface DatagramGate {

    /** Lets every datagram through. */
    DatagramGate OPEN = (payload, length, nowNanos) -> true;

    /**
     * @param payload  the datagram's bytes, {@code length} long, starting at offset 0
     * @param nowNanos {@link System#nanoTime()} at the batch's receipt
     * @return true to hand the datagram to Kwik, false to drop it (the gate counts why)
     */
    boolean admit(MemorySegment payload, int length, long nowNanos);
}
