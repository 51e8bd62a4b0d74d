package io.salvo.bench.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JDK NIO {@link SocketChannel}s in blocking mode on both ends, {@code TCP_NODELAY}, direct
 * buffers: the echo server and the one-way receiver read into one 256 KiB buffer, walk complete
 * frames with absolute gets, and {@code compact()} the rest; the sender writes 256 KiB batches.
 */
final class NioTcpSystem implements TcpSystem {

    @Override
    public String name() {
        return "jdk-nio";
    }

    @Override
    public Kind kind() {
        return Kind.JAVA_PEER;
    }

    @Override
    public List<Flavour> flavours() {
        return List.of(Flavour.BLOCK);
    }

    @Override
    public PingPongRun pingPong(Flavour flavour, int size, RoundTrips trips) throws Exception {
        if (flavour != Flavour.BLOCK) {
            throw new IllegalArgumentException("jdk-nio runs blocking only");
        }
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(SalvoTcpSystem.loopback())) {
            Thread server = Thread.ofPlatform().name("nio-echo").start(() -> {
                try (SocketChannel ch = listener.accept()) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    echo(ch);
                } catch (Throwable e) {
                    serverFailure.set(e);
                }
            });
            PingPongRun run;
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                run = ping(client, size, trips);
            }
            server.join(10_000);
            if (serverFailure.get() != null) {
                throw new IllegalStateException("echo server failed", serverFailure.get());
            }
            return run;
        }
    }

    private static PingPongRun ping(SocketChannel ch, int size, RoundTrips trips) throws IOException {
        int frame = Frames.HEADER + size;
        ByteBuffer out = ByteBuffer.allocateDirect(frame);
        fillFrame(out, 0, size);
        ByteBuffer in = ByteBuffer.allocateDirect(Frames.BIG);
        while (trips.more()) {
            out.clear().putLong(Frames.HEADER, trips.sequence());
            long t0 = System.nanoTime();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            in.clear();
            while (in.position() < frame) {
                if (ch.read(in) < 0) {
                    throw new EOFException("echo closed early");
                }
            }
            long t1 = System.nanoTime();
            if (!in.flip().equals(out.rewind())) {
                throw new IllegalStateException("reply " + trips.sequence() + " differs from the request");
            }
            trips.record(t1 - t0);
        }
        return trips.result();
    }

    private static void echo(SocketChannel ch) throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(Frames.BIG);
        while (ch.read(in) >= 0) {
            int have = in.position();
            int complete = completeFrames(in, have);
            in.flip();
            if (complete > 0) {
                in.limit(complete);
                while (in.hasRemaining()) {
                    ch.write(in);
                }
                in.limit(have);
            }
            in.compact();
        }
    }

    private static int completeFrames(ByteBuffer b, int have) {
        int pos = 0;
        while (have - pos >= Frames.HEADER) {
            int frame = b.getInt(pos);
            if (frame < 0 || frame > Frames.BIG - Frames.HEADER) {
                throw new IllegalStateException("frame length " + frame + " out of range");
            }
            if (have - pos - Frames.HEADER < frame) {
                break;
            }
            pos += Frames.HEADER + frame;
        }
        return pos;
    }

    @Override
    public OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception {
        OneWayWindow.Progress progress = new OneWayWindow.Progress();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(SalvoTcpSystem.loopback());
             SocketChannel senderChannel = SocketChannel.open(listener.getLocalAddress());
             SocketChannel receiverChannel = listener.accept()) {
            senderChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            receiverChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread receiver = Thread.ofPlatform().name("nio-receiver").start(() -> {
                progress.receiverStarted();
                try {
                    receive(receiverChannel, size, progress, running);
                } catch (Throwable e) {
                    if (running.get()) {
                        progress.failed(e);
                    }
                }
            });
            Thread sender = Thread.ofPlatform().name("nio-sender").start(() -> {
                try {
                    send(senderChannel, size, running);
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
                senderChannel.close(); // ends a write blocked on a receiver that stopped reading, and the receiver's read
                sender.join(10_000);
                receiver.join(10_000);
            }
        }
    }

    private static void receive(SocketChannel ch, int size, OneWayWindow.Progress progress, AtomicBoolean running)
            throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(Frames.BIG);
        long expected = 0;
        while (running.get() && ch.read(in) >= 0) {
            int have = in.position();
            int pos = 0;
            while (have - pos >= Frames.HEADER) {
                int frame = in.getInt(pos);
                if (frame != size) {
                    throw Frames.damaged(expected, frame, -1, size);
                }
                if (have - pos - Frames.HEADER < frame) {
                    break;
                }
                long sequence = in.getLong(pos + Frames.HEADER);
                if (sequence != expected) {
                    throw Frames.damaged(expected, frame, sequence, size);
                }
                expected++;
                pos += Frames.HEADER + frame;
            }
            in.flip().position(pos);
            in.compact();
            progress.published(expected);
        }
    }

    private static void send(SocketChannel ch, int size, AtomicBoolean running) throws IOException {
        int frame = Frames.HEADER + size;
        int frames = Frames.BIG / frame;
        ByteBuffer out = ByteBuffer.allocateDirect(frames * frame);
        for (int i = 0; i < frames; i++) {
            fillFrame(out, i * frame, size);
        }
        long sequence = 0;
        while (running.get()) {
            out.clear();
            for (int i = 0; i < frames; i++) {
                out.putLong(i * frame + Frames.HEADER, sequence++);
            }
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }
    }

    private static void fillFrame(ByteBuffer b, int at, int size) {
        b.putInt(at, size).putLong(at + Frames.HEADER, 0);
        for (int i = Frames.MIN_SIZE; i < size; i++) {
            b.put(at + Frames.HEADER + i, Frames.pattern(i));
        }
    }
}
