package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The other end of a connection under test: a Salvo transport or a plain JDK socket. Every call
 * blocks (with a generous deadline, so a broken transport fails the test instead of hanging it);
 * one thread may read while another writes.
 */
public interface Peer extends AutoCloseable {

    Duration DEADLINE = Duration.ofSeconds(30);

    /** Writes all of {@code b[off, off+len)}. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Reads at least one byte, or returns -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException;

    /** Half-close: sends end of stream, keeps reading. */
    void shutdownOutput() throws IOException;

    /**
     * Abortive close: the connection is reset (TCP: {@code SO_LINGER} 0; a Unix socket resets when it
     * closes with bytes it has not read, so the caller must have written some first).
     */
    void reset() throws IOException;

    /** Graceful close. */
    @Override
    void close() throws IOException;

    default void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Reads exactly {@code n} bytes (fails on an early end of stream). */
    default byte[] readExactly(int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = read(b, got, n - got);
            if (r < 0) {
                throw new java.io.EOFException("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return b;
    }

    /** A Salvo transport as the peer: blocking through its awaits. */
    static Peer of(StreamTransport t) {
        return new SalvoPeer(t);
    }

    /** A blocking JDK {@link Socket} (from {@code ServerSocket.accept} or {@code new Socket}). */
    static Peer of(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) DEADLINE.toMillis());
        return new JdkSocketPeer(s);
    }

    /** A blocking JDK {@link SocketChannel} (TCP or Unix). */
    static Peer of(SocketChannel ch) throws IOException {
        ch.configureBlocking(true);
        if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return new JdkChannelPeer(ch);
    }

    /** Salvo transport as a blocking peer. */
    final class SalvoPeer implements Peer {
        private final StreamTransport t;
        private final DatagramBuffer in = DatagramBuffer.allocate(64 * 1024, 0);
        private final DatagramBuffer out = DatagramBuffer.allocate(64 * 1024, 0);

        SalvoPeer(StreamTransport t) {
            this.t = t;
        }

        public StreamTransport transport() {
            return t;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int done = 0;
            while (done < len) {
                out.reset();
                int chunk = Math.min(len - done, out.capacity());
                out.writeBytes(b, off + done, chunk);
                while (!out.isEmpty()) {
                    if (t.write(out) == 0) {
                        t.awaitWritable(remaining(deadline));
                    }
                }
                done += chunk;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int room = Math.min(len, in.size());
            in.setWindow(in.size() - room, in.size() - room); // tailroom of exactly what the caller takes
            while (true) {
                int n = t.read(in);
                if (n > 0) {
                    in.readBytes(b, off, n);
                    return n;
                }
                if (n < 0) {
                    return -1;
                }
                t.awaitReadable(remaining(deadline));
            }
        }

        private static long remaining(long deadline) throws SocketTimeoutException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("peer gave up after " + DEADLINE);
            }
            return left;
        }

        @Override
        public void shutdownOutput() throws IOException {
            t.shutdownOutput();
        }

        /** The fixture opened this peer with linger zero (TCP), or the caller left it unread bytes (Unix). */
        @Override
        public void reset() {
            t.close();
        }

        @Override
        public void close() {
            t.close();
        }

        @Override
        public String toString() {
            return "salvo " + t;
        }
    }

    /** java.net.Socket as a blocking peer. */
    final class JdkSocketPeer implements Peer {
        private final Socket s;
        private final InputStream in;
        private final OutputStream out;

        JdkSocketPeer(Socket s) throws IOException {
            this.s = s;
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void shutdownOutput() throws IOException {
            s.shutdownOutput();
        }

        @Override
        public void reset() throws IOException {
            s.setSoLinger(true, 0);
            s.close();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }

        @Override
        public String toString() {
            return "jdk " + s;
        }
    }

    /** java.nio SocketChannel (blocking) as a peer; reads are bounded by the class-level test timeout. */
    final class JdkChannelPeer implements Peer {
        private final SocketChannel ch;

        JdkChannelPeer(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            do {
                n = ch.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }

        @Override
        public void shutdownOutput() throws IOException {
            ch.shutdownOutput();
        }

        @Override
        public void reset() throws IOException {
            if (ch.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            ch.close();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }

        @Override
        public String toString() {
            return "jdk " + ch;
        }
    }
}
