package io.salvo.internal;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.stream.BrokenPipeException;
import io.salvo.stream.ConnectionResetException;
import io.salvo.stream.StreamStats;
import io.salvo.stream.StreamTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link StreamTransport} contract over a non-blocking {@link SocketChannel}: the fallback
 * where native access is not available. Same outcomes and exceptions as the native transports;
 * each call wraps the buffer's window in a {@link ByteBuffer} view, so it allocates a little.
 */
public abstract class NioStreamTransport implements StreamTransport {

    protected final SocketChannel channel;
    protected final StreamCounters counters = new StreamCounters();
    private final ChannelWaits waits;
    private final SocketAddress local;
    private final SocketAddress remote;

    protected NioStreamTransport(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.waits = new ChannelWaits(channel);
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
    }

    @Override
    public int read(DatagramBuffer buffer) throws IOException {
        int room = buffer.size() - buffer.end();
        if (room == 0) {
            return requireOpen();
        }
        ByteBuffer view = buffer.segment().asSlice(buffer.end(), room).asByteBuffer();
        int n = readInto(view);
        if (n > 0) {
            buffer.setLength(buffer.length() + n);
        }
        return n;
    }

    @Override
    public long read(DatagramBuffer[] buffers, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, buffers.length);
        ByteBuffer[] views = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            DatagramBuffer b = buffers[offset + i];
            views[i] = b.segment().asSlice(b.end(), b.size() - b.end()).asByteBuffer();
        }
        long n;
        try {
            n = channel.read(views);
        } catch (IOException e) {
            throw translate(e);
        }
        if (n < 0) {
            counters.read(0);
            counters.endOfStream();
            return -1;
        }
        counters.read(n);
        for (int i = 0; i < count; i++) {
            DatagramBuffer b = buffers[offset + i];
            b.setLength(b.length() + views[i].position());
        }
        return n;
    }

    private int readInto(ByteBuffer view) throws IOException {
        int n;
        try {
            n = channel.read(view);
        } catch (IOException e) {
            throw translate(e);
        }
        if (n < 0) {
            counters.read(0);
            counters.endOfStream();
            return -1;
        }
        counters.read(n);
        return n;
    }

    @Override
    public int write(DatagramBuffer buffer) throws IOException {
        if (buffer.isEmpty()) {
            return requireOpen();
        }
        ByteBuffer view = buffer.segment().asSlice(buffer.start(), buffer.length()).asByteBuffer();
        int n;
        try {
            n = channel.write(view);
        } catch (IOException e) {
            throw translate(e);
        }
        counters.wrote(n);
        buffer.advance(n);
        return n;
    }

    @Override
    public long write(DatagramBuffer[] buffers, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, buffers.length);
        ByteBuffer[] views = new ByteBuffer[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            DatagramBuffer b = buffers[offset + i];
            views[i] = b.segment().asSlice(b.start(), b.length()).asByteBuffer();
            total += b.length();
        }
        if (total == 0) {
            return requireOpen();
        }
        long n;
        try {
            n = channel.write(views);
        } catch (IOException e) {
            throw translate(e);
        }
        counters.wrote(n);
        for (int i = 0; i < count; i++) {
            buffers[offset + i].advance(views[i].position());
        }
        return n;
    }

    /** The JDK cannot pass {@code MSG_MORE}: writes as usual. */
    @Override
    public long write(DatagramBuffer[] buffers, int offset, int count, boolean more) throws IOException {
        return write(buffers, offset, count);
    }

    /** 0 for a call with nothing to move, or the exception a closed transport owes every call. */
    private int requireOpen() throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        return 0;
    }

    /** Turns the JDK's generic exceptions into the contract's precise types, counted. */
    private IOException translate(IOException e) {
        if (e instanceof AsynchronousCloseException && channel.isOpen()) {
            // The JDK's word for a write that took nothing after shutdownOutput (it also hides the
            // kernel's EPIPE that way): the native transports' EPIPE, so the same precise type.
            counters.brokenPipe();
            return withCause(new BrokenPipeException("write after the output was shut down"), e);
        }
        if (e instanceof ClosedChannelException || !channel.isOpen()) {
            return e instanceof ClosedChannelException ? e : new ClosedChannelException();
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("reset")) {
            counters.reset();
            return withCause(new ConnectionResetException(e.getMessage()), e);
        }
        if (m.contains("broken pipe")) {
            counters.brokenPipe();
            return withCause(new BrokenPipeException(e.getMessage()), e);
        }
        if (m.contains("timed out")) {
            counters.timeout();
            return withCause(new SocketTimeoutException(e.getMessage()), e);
        }
        return e instanceof SocketException ? e : withCause(new SocketException(e.getMessage()), e);
    }

    private static <T extends IOException> T withCause(T e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    @Override
    public void shutdownOutput() throws IOException {
        try {
            channel.shutdownOutput();
        } catch (java.nio.channels.NotYetConnectedException e) {
            // nothing to shut down
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return waits.await(SelectionKey.OP_READ, timeoutNanos);
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        return waits.await(SelectionKey.OP_WRITE, timeoutNanos);
    }

    @Override
    public StreamStats stats() {
        return counters.snapshot();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        SalvoEvents.closed(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel is closed either way
        }
        waits.close();
    }
}
