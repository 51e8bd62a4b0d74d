package io.salvo.bench.tcp;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Salvo's native TCP transport on both ends. Spin: {@code read} returning 0 is retried at once.
 * Block: {@code read(buffer, timeout)}, one {@code recv(2)} that sleeps in the kernel. The echo server and the one-way
 * receiver parse frames in place in one 256 KiB buffer; the one-way sender writes 256 KiB batches
 * of frames from one buffer. Nothing on these paths allocates.
 */
final class SalvoTcpSystem implements TcpSystem {

    private static final TcpOptions OPTIONS = TcpOptions.builder().implementation(TcpOptions.Implementation.NATIVE).build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "salvo";
    }

    @Override
    public Kind kind() {
        return Kind.SALVO;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.SPIN, Flavour.BLOCK);
    }

    @Override
    public PingPongRun pingPong(Flavour flavour, int size, RoundTrips trips) throws Exception {
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        try (TcpListener listener = TcpListener.bind(loopback(), OPTIONS)) {
            Thread server = Thread.ofPlatform().name("salvo-echo").start(() -> {
                try (TcpTransport t = acceptOne(listener)) {
                    echo(t, flavour);
                } catch (Throwable e) {
                    serverFailure.set(e);
                }
            });
            PingPongRun run;
            try (TcpTransport client = TcpTransport.connect(listener.localAddress(), OPTIONS, CONNECT_TIMEOUT)) {
                run = ping(client, flavour, size, trips);
            }
            server.join(10_000);
            if (serverFailure.get() != null) {
                throw new IllegalStateException("echo server failed", serverFailure.get());
            }
            return run;
        }
    }

    static PingPongRun ping(TcpTransport t, Flavour flavour, int size, RoundTrips trips) throws IOException {
        int frame = Frames.HEADER + size;
        DatagramBuffer out = SalvoFrames.frame(size);
        DatagramBuffer in = DatagramBuffer.allocate(Frames.BIG, 0);
        while (trips.more()) {
            out.setWindow(0, frame).setLong(Frames.HEADER, trips.sequence());
            long t0 = System.nanoTime();
            SalvoFrames.writeFully(t, out, flavour);
            in.reset();
            while (in.length() < frame) {
                SalvoFrames.readSome(t, in, flavour);
            }
            long t1 = System.nanoTime();
            if (in.length() != frame || MemorySegment.mismatch(out.segment(), 0, frame, in.segment(), in.start(),
                    in.start() + frame) != -1) {
                throw new IllegalStateException("reply " + trips.sequence() + " differs from the request");
            }
            trips.record(t1 - t0);
        }
        return trips.result();
    }

    /** Echoes complete frames back, zero-copy: the payload window is narrowed to them for the write. */
    private static void echo(TcpTransport t, Flavour flavour) throws IOException {
        DatagramBuffer in = DatagramBuffer.allocate(Frames.BIG, 0);
        try {
            while (true) {
                SalvoFrames.readSome(t, in, flavour);
                int complete = SalvoFrames.completeFrames(in);
                if (complete > 0) {
                    int end = in.end();
                    in.truncate(complete);
                    SalvoFrames.writeFully(t, in, flavour);
                    in.setWindow(in.start(), end);
                }
                SalvoFrames.compact(in);
            }
        } catch (EOFException done) {
            // the client closed: the run is over
        }
    }

    @Override
    public OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception {
        OneWayWindow.Progress progress = new OneWayWindow.Progress();
        AtomicBoolean running = new AtomicBoolean(true);
        try (TcpListener listener = TcpListener.bind(loopback(), OPTIONS)) {
            Thread receiver = Thread.ofPlatform().name("salvo-receiver").start(() -> {
                try (TcpTransport t = acceptOne(listener)) {
                    progress.receiverStarted();
                    receive(t, size, progress, running);
                } catch (Throwable e) {
                    if (running.get()) {
                        progress.failed(e);
                    }
                }
            });
            Thread sender = Thread.ofPlatform().name("salvo-sender").start(() -> {
                try (TcpTransport t = TcpTransport.connect(listener.localAddress(), OPTIONS, CONNECT_TIMEOUT)) {
                    send(t, size, running);
                } catch (Throwable e) {
                    if (running.get()) {
                        progress.failed(e);
                    }
                }
            });
            try {
                return OneWayWindow.measure(progress, warmupSeconds, seconds);
            } finally {
                running.set(false);
                sender.join(10_000);
                receiver.join(10_000);
            }
        }
    }

    /** Walks frames in place, checking each one's length and sequence number; publishes the count once per read. */
    static void receive(TcpTransport t, int size, OneWayWindow.Progress progress, AtomicBoolean running)
            throws IOException {
        DatagramBuffer in = DatagramBuffer.allocate(Frames.BIG, 0);
        long expected = 0;
        try {
            while (running.get()) {
                if (SalvoFrames.readSome(t, in, Flavour.BLOCK) == 0) {
                    continue;
                }
                int length = in.length();
                int pos = 0;
                while (length - pos >= Frames.HEADER) {
                    int frame = in.getInt(pos);
                    if (frame != size) {
                        throw Frames.damaged(expected, frame, -1, size);
                    }
                    if (length - pos - Frames.HEADER < frame) {
                        break;
                    }
                    long sequence = in.getLong(pos + Frames.HEADER);
                    if (sequence != expected) {
                        throw Frames.damaged(expected, frame, sequence, size);
                    }
                    expected++;
                    pos += Frames.HEADER + frame;
                }
                in.advance(pos);
                SalvoFrames.compact(in);
                progress.published(expected);
            }
        } catch (EOFException stopped) {
            // the sender closed
        }
    }

    /** Writes 256 KiB batches of frames from one buffer, renumbering them before each batch. */
    private static void send(TcpTransport t, int size, AtomicBoolean running) throws IOException {
        int frame = Frames.HEADER + size;
        int frames = Frames.BIG / frame;
        DatagramBuffer out = DatagramBuffer.allocate(frames * frame, 0);
        for (int i = 0; i < frames; i++) {
            SalvoFrames.fillFrame(out, i * frame, size);
        }
        long sequence = 0;
        while (running.get()) {
            out.setWindow(0, frames * frame);
            for (int i = 0; i < frames; i++) {
                out.setLong(i * frame + Frames.HEADER, sequence++);
            }
            while (!out.isEmpty() && running.get()) {
                if (t.write(out) == 0) {
                    t.awaitWritable(SalvoFrames.WAIT_NANOS);
                }
            }
        }
    }

    private static TcpTransport acceptOne(TcpListener listener) throws IOException {
        long giveUp = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < giveUp) {
            TcpTransport t = listener.accept();
            if (t != null) {
                return t;
            }
            listener.awaitAcceptable(SalvoFrames.WAIT_NANOS);
        }
        throw new IOException("no connection within " + CONNECT_TIMEOUT);
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
