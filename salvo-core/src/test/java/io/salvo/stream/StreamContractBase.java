package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fixture side of the stream contract: each fixture (a subclass of {@link StreamTransportContract})
 * says how to open a connection, the transport under test (the subject) and its other end (a
 * {@link Peer}: another Salvo transport or a plain JDK socket), and, where it has them, a listener and
 * a client of the kind under test. Plus the blocking helpers the cases share.
 *
 * <p>Nothing here is timed against CPU speed: waits are deadlines measured in seconds, and the only
 * bounds on durations are on connect timeouts, with wide margins.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StreamContractBase {

    /** The transport under test and its other end. */
    public record Connection(StreamTransport subject, Peer peer) {
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * Opens a connection. With {@code resettablePeer}, {@link Peer#reset()} must reset it: Salvo TCP
     * peers are then made with {@code linger(Duration.ZERO)}.
     */
    protected abstract Connection openConnection(boolean resettablePeer) throws IOException;

    /** A listener of the kind under test, or null when the fixture has none (listener cases are skipped). */
    protected StreamListener<?> openListener(int backlog) throws IOException {
        return null;
    }

    /** Whether {@link #connectClient} makes clients of the kind under test (else connect cases are skipped). */
    protected boolean connectsClients() {
        return false;
    }

    /** Connects a client of the kind under test. */
    protected StreamTransport connectClient(SocketAddress to, Duration timeout) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** An address of the kind under test where nothing listens. */
    protected SocketAddress addressWithNothingListening() throws IOException {
        throw new UnsupportedOperationException();
    }

    /** A listening address with a backlog of one connection that is never accepted. */
    protected SocketAddress listenerThatNeverAccepts() throws IOException {
        StreamListener<?> l = open(openListener(1));
        assumeTrue(l != null, "no listener to make a black hole with");
        return l.localAddress();
    }

    protected final <T extends AutoCloseable> T open(T resource) {
        if (resource != null) {
            toClose.add(resource);
        }
        return resource;
    }

    protected final Connection connection(boolean resettablePeer) throws IOException {
        Connection c = openConnection(resettablePeer);
        open(c.peer());
        open(c.subject());
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    protected static final long SECOND = 1_000_000_000L;

    /** Reads into {@code buffer} until its payload is {@code length} long; fails on end of stream or deadline. */
    protected static void readUntil(StreamTransport t, DatagramBuffer buffer, int length) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (buffer.length() < length) {
            int n = t.read(buffer);
            if (n < 0) {
                fail("end of stream with " + buffer.length() + " of " + length + " bytes");
            }
            if (n == 0) {
                assertThat(System.nanoTime()).as("deadline for %d bytes", length).isLessThan(deadline);
                t.awaitReadable(SECOND);
            }
        }
    }

    /** Writes the whole payload of {@code buffer}, waiting on back pressure. */
    protected static void writeFully(StreamTransport t, DatagramBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (!buffer.isEmpty()) {
            if (t.write(buffer) == 0) {
                assertThat(System.nanoTime()).as("deadline for writing").isLessThan(deadline);
                t.awaitWritable(SECOND);
            }
        }
    }

    /** The next read result other than "nothing yet": bytes, -1, or the exception thrown. */
    protected static Object nextReadOutcome(StreamTransport t, DatagramBuffer buffer) {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                int n = t.read(buffer);
                if (n != 0) {
                    return n;
                }
                t.awaitReadable(SECOND);
            }
            return "nothing before the deadline";
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * Runs {@code body} on a thread of its own (the common pool may have a single thread on a small
     * machine, and these bodies block on each other).
     */
    protected static <T> CompletableFuture<T> async(java.util.function.Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("contract-helper").start(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    protected static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(Peer.DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
