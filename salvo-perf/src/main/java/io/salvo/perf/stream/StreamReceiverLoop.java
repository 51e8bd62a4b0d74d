package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.nio.channels.ClosedChannelException;

/**
 * Receives one connection's {@link Length32} frames until the peer ends the stream, counting them
 * in place with a {@link FrameCounter} (published after every read). Waits in
 * {@code awaitReadable} when nothing is there, so an idle receiver costs no CPU. Allocation-free
 * per read.
 */
public final class StreamReceiverLoop implements Runnable {

    private final StreamTransport transport;
    private final DatagramBuffer in;
    private final FrameCounter counter = new FrameCounter(false);
    private final LoopMeter meter = new LoopMeter();
    private volatile long lastArrivalNanos = System.nanoTime();
    private volatile boolean endOfStream;
    private volatile Throwable failure;

    /** A receiver reading into a buffer of {@link Length32#READ_BUFFER} bytes (frames of any size pass through it). */
    public StreamReceiverLoop(StreamTransport transport) {
        this.transport = transport;
        this.in = DatagramBuffer.allocate(Length32.READ_BUFFER, 0);
    }

    @Override
    public void run() {
        meter.begin();
        try {
            while (true) {
                int n = transport.read(in);
                if (n > 0) {
                    counter.consume(in);
                    counter.publish();
                    lastArrivalNanos = System.nanoTime();
                    Length32.compact(in);
                } else if (n < 0) {
                    endOfStream = true;
                    return;
                } else {
                    transport.awaitReadable(50_000_000L);
                }
            }
        } catch (ClosedChannelException closed) {
            // closed by the benchmark: an abort
        } catch (Throwable t) {
            failure = t;
        } finally {
            counter.publish();
            meter.end();
        }
    }

    public FrameCounter counter() {
        return counter;
    }

    public LoopMeter meter() {
        return meter;
    }

    /** When the last bytes arrived. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** True once the peer ended the stream cleanly (after its last whole frame). */
    public boolean endOfStream() {
        return endOfStream;
    }

    /** What broke the connection (a reset, a framing error), or null. */
    public Throwable failure() {
        return failure;
    }
}
