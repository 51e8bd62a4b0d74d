package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.StreamTransport;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * How an I/O thread waits for a stream: {@link #SPIN} retries an empty read (or a full write) at
 * once, keeping a core busy for the lowest latency; {@link #BLOCK} waits in {@code poll(2)} (a
 * selector on the NIO fallback), costing no CPU while idle. Closing the transport from another
 * thread ends either wait: the next call throws.
 */
public enum StreamIdle {
    SPIN,
    BLOCK;

    /** Longest single wait; the loop simply waits again (closing the transport ends it sooner). */
    private static final long WAIT_NANOS = 100_000_000L;

    /** The name on the command line and in reports: {@code spin} or {@code block}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads until some bytes arrive into the buffer's tailroom, or the stream ends.
     *
     * @return bytes read (above 0), or -1 at end of stream
     */
    public int readSome(StreamTransport t, DatagramBuffer b) throws IOException {
        while (true) {
            int n = t.read(b);
            if (n != 0) {
                return n;
            }
            if (b.tailroom() == 0) {
                throw new IllegalStateException("read buffer full: the caller must consume or compact it");
            }
            if (this == BLOCK) {
                t.awaitReadable(WAIT_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Reads until the buffer holds at least {@code length} payload bytes; EOFException if the stream ends first. */
    public void readAtLeast(StreamTransport t, DatagramBuffer b, int length) throws IOException {
        while (b.length() < length) {
            if (readSome(t, b) < 0) {
                throw new EOFException("the peer closed the connection");
            }
        }
    }

    /** Writes the whole payload, advancing the buffer's window to its end. */
    public void writeFully(StreamTransport t, DatagramBuffer b) throws IOException {
        while (!b.isEmpty()) {
            if (t.write(b) == 0) {
                if (this == BLOCK) {
                    t.awaitWritable(WAIT_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Parses {@code spin} or {@code block}, in any case; null for anything else. */
    public static StreamIdle parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "spin" -> SPIN;
            case "block" -> BLOCK;
            default -> null;
        };
    }
}
