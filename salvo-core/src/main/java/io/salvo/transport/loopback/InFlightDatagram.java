package io.salvo.transport.loopback;

import java.lang.foreign.MemorySegment;

/** A datagram on its way through the simulated network: its bytes, sender and delivery time. */
final class InFlightDatagram {
    final byte[] payload;
    /** Length the sender sent; larger than {@code payload.length} when the link truncated it. */
    final int trueLength;
    /** The sender's address in native {@code sockaddr} form, {@code senderNameLength} bytes. */
    final MemorySegment senderName;
    final int senderNameLength;
    final int ecn;
    long deliverAtNanos;
    long order;
    /** For a held-back (reordered) datagram: how many more datagrams must pass it. */
    int overtakesLeft;

    InFlightDatagram(byte[] payload, int trueLength, MemorySegment senderName, int senderNameLength, int ecn,
                     long deliverAtNanos) {
        this.payload = payload;
        this.trueLength = trueLength;
        this.senderName = senderName;
        this.senderNameLength = senderNameLength;
        this.ecn = ecn;
        this.deliverAtNanos = deliverAtNanos;
    }

    InFlightDatagram copy() {
        InFlightDatagram c = new InFlightDatagram(payload, trueLength, senderName, senderNameLength, ecn, deliverAtNanos);
        c.order = order;
        return c;
    }
}
