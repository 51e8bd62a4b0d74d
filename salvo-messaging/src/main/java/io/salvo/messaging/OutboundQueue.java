package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Encoded frames waiting for the kernel, in order: frames are encoded back to back into chunks of
 * native memory (header reserved, payload by the codec, header and trailer filled in place), and
 * the chunks leave in gathering writes, so a burst of small messages costs one system call. A
 * chunk the kernel took part of keeps the rest at its window's start; later frames queue behind it.
 *
 * <p>Bounded by {@code maxQueuedBytes}: an enqueue that would pass it is refused, so a peer that
 * never reads costs at most that much memory. Chunks are reused. Not thread-safe: the send side's
 * lock guards it. Allocation-free in steady state.
 */
final class OutboundQueue {

    /** Chunks per gathering write (well under the kernel's {@code IOV_MAX}). */
    private static final int MAX_GATHER = 64;
    private static final int SPARE_CHUNKS = 2;

    private final Framer framer;
    private final int maxFrame;
    private final int chunkCapacity;
    private final long maxQueuedBytes;
    private DatagramBuffer[] chunks = new DatagramBuffer[8];
    private int count;
    private final ArrayDeque<DatagramBuffer> spare = new ArrayDeque<>(SPARE_CHUNKS);
    private long queuedBytes;
    private long enqueuedTotal;
    private long writtenTotal;

    OutboundQueue(Framer framer, long maxQueuedBytes) {
        this.framer = framer;
        this.maxFrame = framer.maxFrameSize();
        this.chunkCapacity = Math.max(maxFrame, 16 * 1024);
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Encodes {@code message} as one frame at the end of the queue.
     *
     * @return the frame's length, or 0 when it would take the queue past its bound (nothing queued)
     * @throws FramingException if it cannot be a frame (longer than maxFrameSize); nothing queued
     */
    <T> int enqueue(Codec<T> codec, T message) throws FramingException {
        DatagramBuffer tail = count > 0 ? chunks[count - 1] : null;
        int length = tail == null ? -1 : tryEncode(codec, message, tail);
        if (length < 0) {
            tail = newChunk();
            try {
                length = tryEncode(codec, message, tail);
            } catch (FramingException | RuntimeException e) {
                recycle(tail);
                throw e;
            }
            if (length < 0) {
                recycle(tail);
                throw new FramingException("the message does not fit a frame of maxFrameSize " + maxFrame + " bytes");
            }
            if (queuedBytes + length > maxQueuedBytes) {
                recycle(tail);
                return 0;
            }
            append(tail);
        } else if (queuedBytes + length > maxQueuedBytes) {
            tail.setLength(tail.length() - length);
            return 0;
        }
        queuedBytes += length;
        enqueuedTotal += length;
        return length;
    }

    /** Encodes one frame at {@code chunk}'s end; returns its length, or -1 (chunk unchanged) if it did not fit. */
    private <T> int tryEncode(Codec<T> codec, T message, DatagramBuffer chunk) throws FramingException {
        int frameOffset = chunk.length();
        int header = framer.headerLength();
        try {
            chunk.setLength(frameOffset + header);
            codec.encode(message, chunk);
            int payload = chunk.length() - frameOffset - header;
            chunk.setLength(chunk.length() + framer.trailerLength());
            int length = chunk.length() - frameOffset;
            if (length > maxFrame) {
                chunk.setLength(frameOffset);
                throw new FramingException("a frame of " + length + " bytes is over maxFrameSize " + maxFrame);
            }
            framer.writeFrame(chunk, frameOffset, payload);
            return length;
        } catch (IndexOutOfBoundsException | FramingException noRoom) {
            boolean wasEmpty = frameOffset == 0;
            chunk.setLength(frameOffset);
            if (wasEmpty && !(noRoom instanceof IndexOutOfBoundsException)) {
                throw noRoom instanceof FramingException f ? f : new FramingException(noRoom.getMessage());
            }
            return -1; // no room in this chunk: the caller tries a fresh one (or reports it too large)
        } catch (RuntimeException encodeFailed) {
            chunk.setLength(frameOffset); // an invalid message: leave the queue as it was
            throw encodeFailed;
        }
    }

    private DatagramBuffer newChunk() {
        DatagramBuffer b = spare.pollFirst();
        return b != null ? b.reset() : DatagramBuffer.allocate(chunkCapacity, 0);
    }

    private void recycle(DatagramBuffer chunk) {
        if (spare.size() < SPARE_CHUNKS) {
            spare.addFirst(chunk.reset());
        }
    }

    private void append(DatagramBuffer chunk) {
        if (count == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, count * 2);
        }
        chunks[count++] = chunk;
    }

    /**
     * Writes the queue with gathering writes until it is empty or the kernel takes nothing more.
     *
     * @return bytes written
     */
    long writeTo(StreamTransport transport, WriteCounter calls) throws IOException {
        long total = 0;
        while (count > 0) {
            long n = transport.write(chunks, 0, Math.min(count, MAX_GATHER));
            if (n <= 0) {
                break;
            }
            calls.wrote();
            total += n;
            queuedBytes -= n;
            writtenTotal += n;
            dropWrittenChunks();
        }
        return total;
    }

    private void dropWrittenChunks() {
        int done = 0;
        while (done < count && chunks[done].isEmpty()) {
            recycle(chunks[done]);
            done++;
        }
        if (done > 0) {
            System.arraycopy(chunks, done, chunks, 0, count - done);
            java.util.Arrays.fill(chunks, count - done, count, null);
            count -= done;
        }
    }

    /** Forgets everything queued (the connection closed); returns the bytes dropped. */
    long discard() {
        long dropped = queuedBytes;
        for (int i = 0; i < count; i++) {
            recycle(chunks[i]);
            chunks[i] = null;
        }
        count = 0;
        queuedBytes = 0;
        return dropped;
    }

    boolean isEmpty() {
        return count == 0;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** Bytes ever queued: the position just past the last frame queued. */
    long enqueuedTotal() {
        return enqueuedTotal;
    }

    /** Bytes ever taken by the kernel. */
    long writtenTotal() {
        return writtenTotal;
    }

    /** Counts write calls that took bytes. */
    @FunctionalInterface
    interface WriteCounter {
        void wrote();
    }
}
