package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.SequenceHeader;
import io.salvo.stream.StreamTransport;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@link Length32} data frames over one connection until told to stop: {@code batch}
 * frames of {@code size} payload bytes laid out back to back in one buffer, written with as few
 * {@code write} calls as the kernel allows (what {@code writev} of many frames does in C, without
 * the iovec). Before each batch every frame is stamped with a {@link SequenceHeader}: this
 * sender's index, whether the batch is in the measured window, and a sequence number.
 *
 * <p>A batch, once begun, is finished even after {@link #stop()} (a frame cut short would damage
 * the stream); then, if so made, the loop ends the stream ({@code shutdownOutput}), so the
 * receiver knows it has everything. A frame counts as sent when the kernel took all of its bytes. Waits in
 * {@code awaitWritable} when the send buffer is full. Allocation-free per batch.
 */
public final class StreamSenderLoop implements Runnable {

    private final StreamTransport transport;
    private final DatagramBuffer out;
    private final int frameBytes;
    private final int frames;
    private final int senderIndex;
    private final long rate;
    private final boolean endStream;
    private final LoopMeter meter = new LoopMeter();
    private volatile boolean running = true;
    private volatile boolean measuring;
    private volatile long sent;
    private volatile long sentMeasured;
    private volatile long startedMeasured;
    private volatile Throwable failure;

    /**
     * @param size        payload bytes per frame (at least {@link SequenceHeader#BYTES})
     * @param batch       frames per batch
     * @param rate        frames per second, 0 for as fast as possible
     * @param senderIndex this sender's index in the stamps (0..127)
     * @param endStream   end the stream when stopped; without, the connection stays open for the caller
     */
    public StreamSenderLoop(StreamTransport transport, int size, int batch, long rate, int senderIndex, boolean endStream) {
        if (size < SequenceHeader.BYTES || size > Length32.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a data frame needs " + SequenceHeader.BYTES + ".." + Length32.MAX_PAYLOAD
                    + " payload bytes, got " + size);
        }
        SequenceHeader.stamp(senderIndex, false, 0); // checks the index now
        this.transport = transport;
        this.frameBytes = Length32.HEADER + size;
        this.frames = batch;
        this.rate = rate;
        this.senderIndex = senderIndex;
        this.endStream = endStream;
        this.out = DatagramBuffer.allocate(Math.multiplyExact(batch, frameBytes), 0);
        out.setWindow(0, batch * frameBytes);
        for (int f = 0; f < batch; f++) {
            int at = f * frameBytes;
            out.setInt(at, size);
            for (int i = SequenceHeader.BYTES; i < size; i++) {
                out.setByte(at + Length32.HEADER + i, (byte) (i * 31 + 7));
            }
        }
    }

    @Override
    public void run() {
        meter.begin();
        long start = System.nanoTime();
        long total = 0;
        long totalMeasured = 0;
        long sequence = 0;
        boolean measured = false;
        boolean inBatch = false;
        int batchBytes = frames * frameBytes;
        try {
            while (running) {
                if (rate > 0) {
                    long wait = start + (long) (total * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                }
                measured = measuring; // once a batch: all its frames are in the window or none is
                out.setWindow(0, batchBytes);
                for (int f = 0; f < frames; f++) {
                    SequenceHeader.write(out, f * frameBytes + Length32.HEADER, senderIndex, measured, sequence++);
                }
                if (measured) {
                    startedMeasured = totalMeasured + frames;
                }
                inBatch = true;
                while (!out.isEmpty()) {
                    if (transport.write(out) == 0) {
                        transport.awaitWritable(100_000_000L);
                    }
                }
                inBatch = false;
                total += frames;
                if (measured) {
                    totalMeasured += frames;
                }
                sent = total;
                sentMeasured = totalMeasured;
            }
            meter.end(); // before the shutdown: its first call links code, which allocates
            if (endStream) {
                transport.shutdownOutput();
            }
        } catch (Throwable t) {
            if (inBatch) { // the frames of the broken batch that the kernel took whole
                int whole = out.start() / frameBytes;
                total += whole;
                if (measured) {
                    totalMeasured += whole;
                }
            }
            failure = t;
        } finally {
            sent = total;
            sentMeasured = totalMeasured;
            startedMeasured = totalMeasured; // what a stop cut short was never sent
            meter.end(); // after a failure; nothing after the normal end
        }
    }

    /** Frames sent so far. */
    public long sent() {
        return sent;
    }

    /** Of those, frames stamped as sent in the measured window. */
    public long sentMeasured() {
        return sentMeasured;
    }

    /** {@link #sentMeasured()} plus the measured batch being written now: never below what a receiver has counted. */
    public long startedMeasured() {
        return startedMeasured;
    }

    /** From the next batch on, frames are stamped as sent in the measured window. */
    public void startMeasuring() {
        measuring = true;
    }

    /** Asks the loop to finish its batch, end the stream and stop. */
    public void stop() {
        running = false;
    }

    /** What ended the loop abnormally (a broken connection), or null. */
    public Throwable failure() {
        return failure;
    }

    /** The sending thread's CPU and allocation. */
    public LoopMeter meter() {
        return meter;
    }

    /** The connection it writes to. */
    public StreamTransport transport() {
        return transport;
    }
}
