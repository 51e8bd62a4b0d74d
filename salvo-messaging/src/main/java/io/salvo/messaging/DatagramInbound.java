package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

/**
 * A datagram connection's received messages: a ring of buffers the poller thread copies arriving
 * datagrams into (sequence number stripped and tracked), bounded like a socket's receive buffer;
 * one arriving to a full ring is dropped and counted. The message last taken keeps its buffer until
 * the next receive. Not thread-safe: the receive side's lock guards it.
 */
final class DatagramInbound implements Inbound {

    /** The sequence number in front of every message. */
    static final int HEADER = 4;

    private final DatagramBuffer[] ring;
    private final int bufferCapacity;
    private int head;
    private int count;
    private int taken = -1;
    final SequenceTracker sequence = new SequenceTracker();
    /** Arrivals dropped: the ring full, truncated, shorter than the header. */
    volatile long dropped;

    DatagramInbound(int slots, int bufferCapacity) {
        this.ring = new DatagramBuffer[slots];
        this.bufferCapacity = bufferCapacity;
    }

    /**
     * Queues a copy of {@code datagram}'s message (poller thread).
     *
     * @return the message's length, or -1 when it was dropped (counted) or a duplicate
     */
    long offer(DatagramBuffer datagram, boolean truncated) {
        if (truncated || datagram.length() < HEADER || datagram.length() - HEADER > bufferCapacity) {
            dropped++;
            return -1;
        }
        if (!sequence.accept(datagram.getInt(0))) {
            return -1;
        }
        if (count + (taken >= 0 ? 1 : 0) == ring.length) {
            dropped++;
            return -1;
        }
        int slot = (head + count) % ring.length;
        DatagramBuffer b = ring[slot];
        if (b == null) {
            b = ring[slot] = DatagramBuffer.allocate(bufferCapacity, 0);
        }
        datagram.advance(HEADER);
        b.reset().writeBytes(datagram);
        count++;
        return b.length();
    }

    @Override
    public int pull() {
        return 0; // the poller queues datagrams; a receiving thread has nothing to read itself
    }

    @Override
    public boolean hasFrame() {
        return count > 0;
    }

    @Override
    public int takeFrame() {
        if (taken >= 0 || count == 0) {
            throw new IllegalStateException("release the taken message first, and take only when hasFrame()");
        }
        taken = head;
        head = (head + 1) % ring.length;
        count--;
        return ring[taken].length();
    }

    @Override
    public int peekLength() {
        return count == 0 ? 0 : ring[head].length();
    }

    @Override
    public DatagramBuffer peekBuffer() {
        return ring[head];
    }

    @Override
    public int peekOffset() {
        return 0;
    }

    @Override
    public void dropPeeked() {
        if (taken >= 0) { // keep the taken buffer right behind the head, where the full check expects it
            DatagramBuffer keep = ring[taken];
            ring[taken] = ring[head];
            ring[head] = keep;
            taken = head;
        }
        head = (head + 1) % ring.length;
        count--;
    }

    @Override
    public DatagramBuffer buffer() {
        return ring[taken];
    }

    @Override
    public int payloadOffset(int frameOffset, int frameLength) {
        return 0;
    }

    @Override
    public int payloadLength(int frameOffset, int frameLength) {
        return frameLength;
    }

    @Override
    public void releaseTaken() {
        taken = -1;
    }

    @Override
    public void discardUntaken() {
        count = 0;
    }

    @Override
    public boolean hasRoom() {
        return true; // a full ring drops, it does not pause
    }

    @Override
    public boolean hasRoomToResume() {
        return true;
    }

    @Override
    public int partialBytes() {
        return 0;
    }

    @Override
    public long partialSinceNanos() {
        return 0;
    }

    @Override
    public void restartPartialClock() {
    }
}
