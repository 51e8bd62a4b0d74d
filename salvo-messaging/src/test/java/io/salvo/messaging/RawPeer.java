package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The far end of a connection, as raw bytes: writes what a test wants (garbage included) and reads frames by hand. */
final class RawPeer implements AutoCloseable {

    private final StreamTransport transport;
    private final DatagramBuffer in = DatagramBuffer.allocate(1 << 20, 0);

    RawPeer(StreamTransport transport) {
        this.transport = transport;
    }

    StreamTransport transport() {
        return transport;
    }

    /** The bytes of {@code messages} as the test framer and codec put them on the wire. */
    static byte[] frames(Msg... messages) throws FramingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MsgCodec codec = new MsgCodec();
        for (Msg m : messages) {
            DatagramBuffer b = DatagramBuffer.allocate(64 * 1024, 0);
            b.writeInt(0);
            codec.encode(m, b);
            b.setInt(0, b.length() - 4);
            out.writeBytes(b.toByteArray());
        }
        return out.toByteArray();
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        DatagramBuffer b = DatagramBuffer.allocate(Math.max(1, length), 0).writeBytes(bytes, offset, length);
        long deadline = System.nanoTime() + Messaging.PATIENCE.toNanos();
        while (!b.isEmpty()) {
            if (transport.write(b) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the peer did not take " + b.length() + " bytes");
                }
                transport.awaitWritable(10_000_000L);
            }
        }
    }

    /** Reads until {@code count} frames arrived, decoding them with the test codec. */
    List<Msg> readMessages(int count) throws IOException {
        List<Msg> out = new ArrayList<>();
        MsgCodec codec = new MsgCodec();
        long deadline = System.nanoTime() + Messaging.PATIENCE.toNanos();
        while (out.size() < count) {
            while (in.length() >= 4 && in.length() >= 4 + in.getInt(0) && out.size() < count) {
                int payload = in.getInt(0);
                out.add(codec.decode(in, 4, payload));
                in.advance(4 + payload);
            }
            if (out.size() == count) {
                break;
            }
            if (in.tailroom() < 128 * 1024) {
                byte[] rest = in.toByteArray();
                in.reset().writeBytes(rest);
            }
            int n = transport.read(in);
            if (n < 0) {
                throw new AssertionError("end of stream after " + out.size() + " of " + count + " messages");
            }
            if (n == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("only " + out.size() + " of " + count + " messages arrived");
                }
                transport.awaitReadable(10_000_000L);
            }
        }
        return out;
    }

    /** True once the other side closed: a read sees the end of the stream or a reset. */
    boolean awaitEndOfStream() throws IOException {
        long deadline = System.nanoTime() + Messaging.PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            in.reset();
            try {
                if (transport.read(in) < 0) {
                    return true;
                }
            } catch (io.salvo.stream.ConnectionResetException reset) {
                return true;
            }
            transport.awaitReadable(10_000_000L);
        }
        return false;
    }

    @Override
    public void close() {
        transport.close();
    }
}
