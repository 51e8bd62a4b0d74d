package io.salvo.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.tcp.TcpTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link StreamTransport} promises, written once: the bytes (in
 * {@link StreamDataContract}), and here end of stream, resets, closing, listeners and connecting.
 * Each transport's fixture extends this class; cases a fixture cannot run (no listener or client of
 * its own) are skipped with an assumption.
 */
public abstract class StreamTransportContract extends StreamDataContract {

    // ---------------------------------------------------------------- end of stream, resets

    @Test
    void halfCloseDeliversEndOfStreamWhileTheOtherDirectionGoesOn() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        s.write(DatagramBuffer.allocate(16, 0).writeBytes("request".getBytes()));
        s.shutdownOutput();
        s.shutdownOutput(); // idempotent
        assertThat(c.peer().readExactly(7)).isEqualTo("request".getBytes());
        assertThat(c.peer().read(new byte[8], 0, 8)).as("the peer sees end of stream").isEqualTo(-1);

        c.peer().write("reply".getBytes());
        DatagramBuffer in = DatagramBuffer.allocate(64, 0);
        readUntil(s, in, 5);
        assertThat(in.toByteArray()).isEqualTo("reply".getBytes());

        c.peer().shutdownOutput();
        in.reset();
        assertThat(nextReadOutcome(s, in)).isEqualTo(-1);
        for (int i = 0; i < 3; i++) {
            assertThat(s.read(in)).as("reads after the end keep returning -1").isEqualTo(-1);
            assertThat(s.read(new DatagramBuffer[] {in}, 0, 1)).isEqualTo(-1);
        }
        assertThat(s.awaitReadable(SECOND)).as("end of stream is readable").isTrue();
        StreamStats st = s.stats();
        assertThat(st.endOfStream()).isEqualTo(1);
        assertThat(st.bytesRead()).isEqualTo(5);
        assertThat(st.bytesWritten()).isEqualTo(7);
        assertThat(s.isOpen()).isTrue();
    }

    @Test
    void writeAfterOwnShutdownOutputIsABrokenPipe() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        s.shutdownOutput();
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(1);
        assertThatThrownBy(() -> s.write(out)).isExactlyInstanceOf(BrokenPipeException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {out}, 0, 1)).isExactlyInstanceOf(BrokenPipeException.class);
        assertThat(out.length()).as("nothing was taken").isEqualTo(4);
        assertThat(s.stats().brokenPipes()).isEqualTo(2);
        assertThat(s.isOpen()).isTrue();
    }

    @Test
    void peerResetIsAConnectionResetExceptionOnReadAndCounted() throws IOException {
        Connection c = connection(true);
        StreamTransport s = c.subject();
        // Bytes the peer never reads: a Unix socket resets its peer when it closes with them unread.
        s.write(DatagramBuffer.allocate(1024, 0).setLength(1024));
        c.peer().reset();
        Object outcome = nextReadOutcome(s, DatagramBuffer.allocate(64, 0));
        assertThat(outcome).isExactlyInstanceOf(ConnectionResetException.class);
        assertThat(s.stats().resets()).isEqualTo(1);
        // The reset is reported once; the dead connection then refuses writes with one of the two precise types.
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(1);
        Throwable thrown = catchWriteFailure(s, out);
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        assertThat(s.stats().resets() + s.stats().brokenPipes()).isEqualTo(2);
    }

    @Test
    void peerResetIsAPreciseExceptionOnWrite() throws IOException {
        Connection c = connection(true);
        StreamTransport s = c.subject();
        s.write(DatagramBuffer.allocate(1024, 0).setLength(1024));
        c.peer().reset();
        Throwable thrown = catchWriteFailure(s, DatagramBuffer.allocate(1024, 0));
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        StreamStats st = s.stats();
        assertThat(st.resets() + st.brokenPipes()).isEqualTo(1);
    }

    @Test
    void writeAfterThePeerClosedIsABrokenPipeOrAReset() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        c.peer().close();
        assertThat(nextReadOutcome(s, DatagramBuffer.allocate(64, 0))).as("the peer's close is end of stream").isEqualTo(-1);
        Throwable thrown = catchWriteFailure(s, DatagramBuffer.allocate(1024, 0));
        assertThat(thrown).isInstanceOfAny(BrokenPipeException.class, ConnectionResetException.class);
        StreamStats st = s.stats();
        assertThat(st.resets() + st.brokenPipes()).isEqualTo(1);
        assertThat(s.isOpen()).isTrue();
    }

    /** Writes until a write throws (the first writes after a close may still be taken by the kernel). */
    private static Throwable catchWriteFailure(StreamTransport s, DatagramBuffer out) {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                out.reset();
                out.setLength(out.capacity());
                if (s.write(out) == 0) {
                    s.awaitWritable(SECOND);
                } else {
                    Thread.sleep(10); // give the peer's kernel time to answer with a reset
                }
            }
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
        return fail("writes kept succeeding after the peer went away");
    }

    // ---------------------------------------------------------------- closing

    @Test
    void closedTransportThrowsClosedChannelExceptionOnEveryCallAndCloseTwiceIsFine() throws IOException {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        SocketAddress local = s.localAddress();
        SocketAddress remote = s.remoteAddress();
        s.close();
        s.close();
        assertThat(s.isOpen()).isFalse();
        DatagramBuffer data = DatagramBuffer.allocate(64, 0).writeInt(1);
        DatagramBuffer room = DatagramBuffer.allocate(64, 0);
        DatagramBuffer noRoom = DatagramBuffer.allocate(4, 0).writeInt(1);
        DatagramBuffer empty = DatagramBuffer.allocate(4, 0);
        assertThatThrownBy(() -> s.read(room)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.read(noRoom)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.read(new DatagramBuffer[] {room}, 0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(data)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(empty)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {data}, 0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.write(new DatagramBuffer[] {data}, 0, 1, true)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(s::shutdownOutput).isInstanceOf(ClosedChannelException.class);
        if (s instanceof TcpTransport t) {
            assertThatThrownBy(() -> t.setNoDelay(true)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> t.setCork(true)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(t::quickAck).isInstanceOf(ClosedChannelException.class);
        }
        assertThat(data.length()).isEqualTo(4);
        assertThat(room.length()).isZero();
        assertThat(s.awaitReadable(30 * SECOND)).as("closed transports do not make callers wait").isTrue();
        assertThat(s.awaitWritable(30 * SECOND)).isTrue();
        assertThat(s.stats()).isNotNull();
        assertThat(s.localAddress()).isEqualTo(local);
        assertThat(s.remoteAddress()).isEqualTo(remote);
        assertThat(s.capabilities()).isNotNull();
    }

    @Test
    void closeWakesAThreadBlockedInAwaitReadable() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        CompletableFuture<Object> waiter = async(() -> {
            try {
                boolean ready = s.awaitReadable(60 * SECOND);
                return ready ? s.read(DatagramBuffer.allocate(16, 0)) : "timed out";
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100); // very likely inside poll by now; if not, the await sees the close at once
        s.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void timedReadWaitsForBytesAndReturnsZeroWhenTheTimeoutPasses() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        DatagramBuffer in = DatagramBuffer.allocate(64, 0);
        assertThat(s.read(in, 50_000_000L)).as("nothing sent: the timeout passes").isZero();
        CompletableFuture<Integer> reader = async(() -> {
            try {
                return s.read(in, 60 * SECOND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100); // very likely asleep in the read by now; if not, the bytes are simply there
        c.peer().write(new byte[] {1, 2, 3});
        assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        readUntil(s, in, 3);
        assertThat(in.getByte(2)).isEqualTo((byte) 3);
        assertThat(s.read(in.reset(), 0)).as("a zero timeout does not wait").isZero();
        c.peer().shutdownOutput();
        assertThat(s.read(in, 60 * SECOND)).as("end of stream").isEqualTo(-1);
    }

    @Test
    void closeWakesAThreadBlockedInATimedRead() throws Exception {
        Connection c = connection(false);
        StreamTransport s = c.subject();
        CompletableFuture<Object> reader = async(() -> {
            try {
                return s.read(DatagramBuffer.allocate(16, 0), Long.MAX_VALUE);
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        s.close();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
    }

    // ---------------------------------------------------------------- listeners

    @Test
    void acceptReturnsNullWhenNothingWaits() throws IOException {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null, "this fixture has no listener of its own");
        assertThat(l.accept()).isNull();
        assertThat(l.awaitAcceptable(20_000_000L)).as("nothing is waiting").isFalse();
        assertThat(l.accepted()).isZero();
        assertThat(l.isOpen()).isTrue();
    }

    @Test
    void closingAListenerWakesAThreadBlockedInAwaitAcceptable() throws Exception {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null, "this fixture has no listener of its own");
        AtomicReference<Thread> waiting = new AtomicReference<>();
        CompletableFuture<Object> waiter = async(() -> {
            waiting.set(Thread.currentThread());
            try {
                boolean ready = l.awaitAcceptable(60 * SECOND);
                return ready ? l.accept() : "timed out";
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        l.close();
        l.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
        assertThat(l.isOpen()).isFalse();
        assertThatThrownBy(l::accept).isInstanceOf(ClosedChannelException.class);
        assertThat(l.awaitAcceptable(30 * SECOND)).isTrue();
    }

    @Test
    void acceptedConnectionsOutliveTheirListener() throws IOException {
        StreamListener<?> l = open(openListener(16));
        assumeTrue(l != null && connectsClients(), "needs a listener and a client of the kind under test");
        StreamTransport client = open(connectClient(l.localAddress(), Duration.ofSeconds(10)));
        assertThat(l.awaitAcceptable(30 * SECOND)).isTrue();
        StreamTransport server = open(l.accept());
        assertThat(server).isNotNull();
        assertThat(l.accepted()).isEqualTo(1);
        assertThat(l.accept()).isNull();
        l.close();
        DatagramBuffer out = DatagramBuffer.allocate(16, 0).writeInt(42);
        writeFully(client, out);
        DatagramBuffer in = DatagramBuffer.allocate(16, 0);
        readUntil(server, in, 4);
        assertThat(in.getInt(0)).isEqualTo(42);
    }

    // ---------------------------------------------------------------- connecting

    @Test
    void connectToNothingIsAConnectException() throws IOException {
        assumeTrue(connectsClients(), "this fixture has no client of its own");
        SocketAddress nothing = addressWithNothingListening();
        assertThatThrownBy(() -> open(connectClient(nothing, Duration.ofSeconds(10))))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void connectToAListenerWithAFullBacklogTimesOutWithinItsTimeout() throws IOException {
        assumeTrue(connectsClients(), "this fixture has no client of its own");
        SocketAddress blackHole = listenerThatNeverAccepts();
        // Fill the backlog: once it is full, the kernel drops further SYNs (TCP) or refuses to queue (Unix).
        boolean full = false;
        for (int i = 0; i < 64 && !full; i++) {
            try {
                open(connectClient(blackHole, Duration.ofSeconds(1)));
            } catch (SocketTimeoutException e) {
                full = true;
            }
        }
        assertThat(full).as("the backlog filled up").isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> open(connectClient(blackHole, Duration.ofMillis(500))))
                .isExactlyInstanceOf(SocketTimeoutException.class);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMillis).as("the connect waited for its timeout, and not much longer").isBetween(450L, 10_000L);
    }
}
