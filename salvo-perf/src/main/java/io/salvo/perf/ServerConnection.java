package io.salvo.perf;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.stream.FrameCounter;
import io.salvo.perf.stream.FrameEcho;
import io.salvo.perf.stream.Length32;
import io.salvo.perf.stream.LoopMeter;
import io.salvo.perf.stream.StreamIdle;
import io.salvo.perf.stream.StreamWire;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.ClosedChannelException;

/**
 * One connection of {@code salvo-perf server --protocol tcp}, on a thread of its own: counts the
 * length32 frames it receives ({@link FrameCounter}, published after every read), answers
 * {@link StreamWire#REPORT} requests with this connection's counts, and, when the first frame is
 * {@link StreamWire#ECHO}, echoes everything instead (salvo-perf's round trips). Waits in
 * {@code poll(2)} when idle. The thread closes the connection when it ends.
 */
final class ServerConnection implements Runnable {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final StreamTransport transport;
    private final FrameCounter counter = new FrameCounter(true);
    private final LoopMeter meter = new LoopMeter();
    private final Thread thread;
    /** When the first counted frame was read; -1 until then (and for an echoing connection). */
    private volatile long firstFrameNanos = -1;
    /** When the last read that brought a counted frame ended. */
    private volatile long lastFrameNanos = -1;
    private volatile long endedNanos = -1;
    private volatile Throwable failure;

    ServerConnection(StreamTransport transport, int index) {
        this.transport = transport;
        this.thread = Thread.ofPlatform().name("salvo-perf-server-" + index).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        meter.begin();
        DatagramBuffer in = DatagramBuffer.allocate(Length32.READ_BUFFER, 0);
        DatagramBuffer reply = DatagramBuffer.allocate(64, 0);
        try {
            while (StreamIdle.BLOCK.readSome(transport, in) > 0) {
                while (true) {
                    counter.consume(in);
                    int control = counter.pendingControl();
                    if (control == StreamWire.ECHO) {
                        FrameEcho.run(transport, in, StreamIdle.BLOCK); // echoes the hello too
                        return;
                    }
                    if (control != StreamWire.REPORT) {
                        break;
                    }
                    in.advance(Length32.HEADER + StreamWire.CONTROL_PAYLOAD);
                    counter.report(THREADS.getCurrentThreadCpuTime()).writeFrame(reply.reset());
                    StreamIdle.BLOCK.writeFully(transport, reply);
                }
                long frames = counter.frames();
                counter.publish();
                if (counter.frames() != frames) {
                    long now = System.nanoTime();
                    if (firstFrameNanos < 0) {
                        firstFrameNanos = now;
                    }
                    lastFrameNanos = now;
                }
                Length32.compact(in);
            }
        } catch (ClosedChannelException closed) {
            // the server is stopping
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            counter.publish();
            endedNanos = System.nanoTime();
            meter.end();
            transport.close();
        }
    }

    /** True once a frame has been counted: the connection carries traffic to measure. */
    boolean isReceiving() {
        return firstFrameNanos >= 0;
    }

    long firstFrameNanos() {
        return firstFrameNanos;
    }

    /** When the last counted frame arrived; -1 before the first. */
    long lastFrameNanos() {
        return lastFrameNanos;
    }

    boolean hasEnded() {
        return endedNanos >= 0;
    }

    /** When the thread ended (the end of stream, a failure, or the server's close); -1 while it runs. */
    long endedNanos() {
        return endedNanos;
    }

    /** What broke the connection (a reset, a framing error), or null. */
    Throwable failure() {
        return failure;
    }

    FrameCounter counter() {
        return counter;
    }

    LoopMeter meter() {
        return meter;
    }

    String peer() {
        return Addresses.show(transport.remoteAddress());
    }

    /** Closes the connection (its thread ends) and waits for the thread. */
    void stop() throws InterruptedException {
        transport.close();
        thread.join(5_000);
    }
}
