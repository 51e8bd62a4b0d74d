package io.salvo.quic;

import io.salvo.quic.admission.ConnectionTable;
import io.salvo.quic.admission.SlidingWindowRate;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.server.ApplicationProtocolConnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One admitted connection: reads each unidirectional stream the peer opens as one packet.
 *
 * <p>Kwik hands every new peer stream to {@link #acceptPeerInitiatedStream} on the connection's
 * single callback thread, in stream order, so this class reads streams one after another with
 * Kwik's blocking {@link InputStream}, into one reused buffer: no thread and no buffer per stream.
 * A stream that stalls would hold the thread, so the streamer's sweeper calls
 * {@link #stopIfOverdue} and stops a stream older than the stream timeout. Streams over the rate
 * are delayed here (which, through QUIC stream credit, slows the sender) up to the maximum delay,
 * then refused.
 */
final class StreamerConnection implements ApplicationProtocolConnection {

    private final QuicConnection connection;
    private final InetSocketAddress peer;
    private final ConnectionTable.Entry entry;
    private final StreamerCounters counters;
    private final StreamerCounters.Peer peerCounters;
    private final PacketHandler handler;
    private final int maxPacketSize;
    private final long windowNanos;
    private final long maxThrottleNanos;
    private final long streamTimeoutNanos;
    private final byte[] buffer;
    private final SlidingWindowRate rate;

    private volatile QuicStream reading;       // the stream being read, for the sweeper
    private volatile long readingSinceNanos;
    private volatile boolean stoppedForTimeout;

    StreamerConnection(QuicConnection connection, InetSocketAddress peer, ConnectionTable.Entry entry,
                       StreamerCounters counters, StreamerCounters.Peer peerCounters, PacketHandler handler,
                       QuicStreamerConfig config) {
        this.connection = connection;
        this.peer = peer;
        this.entry = entry;
        this.counters = counters;
        this.peerCounters = peerCounters;
        this.handler = handler;
        this.maxPacketSize = config.maxPacketSize();
        this.windowNanos = config.rateWindow().toNanos();
        this.maxThrottleNanos = config.maxThrottleDelay().toNanos();
        this.streamTimeoutNanos = config.streamTimeout().toNanos();
        this.buffer = new byte[maxPacketSize + 1]; // one byte more tells "too large" from "exactly the limit"
        this.rate = new SlidingWindowRate(windowNanos, System.nanoTime());
    }

    QuicConnection connection() {
        return connection;
    }

    InetSocketAddress peer() {
        return peer;
    }

    ConnectionTable.Entry entry() {
        return entry;
    }

    @Override
    public void acceptPeerInitiatedStream(QuicStream stream) {
        if (!stream.isUnidirectional()) {
            // Not offered (bidirectional credit is 0); a peer that opens one anyway is refused.
            stream.abortReading(ErrorCodes.STREAM_TOO_LARGE);
            stream.resetStream(ErrorCodes.STREAM_TOO_LARGE);
            return;
        }
        if (!admitByRate()) {
            counters.streamsRefused.increment();
            peerCounters.streamsRefused.increment();
            stream.abortReading(ErrorCodes.STREAM_RATE_LIMITED);
            return;
        }
        counters.streamsAccepted.increment();
        read(stream);
    }

    // Waits, when over the rate, for as long as the maximum delay allows.
    private boolean admitByRate() {
        long limit = Math.max(1, entry.streamsPerSecond() * windowNanos / TimeUnit.SECONDS.toNanos(1));
        long start = System.nanoTime();
        long wait = rate.tryAcquire(start, limit);
        if (wait == 0) {
            return true;
        }
        while (wait > 0) {
            long now = System.nanoTime();
            if (now - start + wait > maxThrottleNanos) {
                return false;
            }
            LockSupport.parkNanos(wait);
            wait = rate.tryAcquire(System.nanoTime(), limit);
        }
        counters.streamsThrottled.increment();
        peerCounters.streamsThrottled.increment();
        return true;
    }

    private void read(QuicStream stream) {
        stoppedForTimeout = false;
        readingSinceNanos = System.nanoTime();
        reading = stream;
        int length = 0;
        try {
            InputStream in = stream.getInputStream();
            while (true) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > maxPacketSize) {
                    reading = null;
                    stream.abortReading(ErrorCodes.STREAM_TOO_LARGE);
                    counters.streamsOversized.increment();
                    return;
                }
            }
        } catch (IOException e) {
            reading = null;
            (stoppedForTimeout ? counters.streamsTimedOut : counters.streamsFailed).increment();
            return;
        }
        reading = null;
        if (length == 0) {
            counters.streamsEmpty.increment();
            return;
        }
        counters.packetsDelivered.increment();
        counters.bytesDelivered.add(length);
        peerCounters.packetsDelivered.increment();
        peerCounters.bytesDelivered.add(length);
        handler.onPacket(buffer, length, peer, entry.id());
    }

    /** Called by the sweeper thread: stops the stream being read if it is older than the stream timeout. */
    void stopIfOverdue(long nowNanos) {
        QuicStream stream = reading;
        if (stream != null && nowNanos - readingSinceNanos > streamTimeoutNanos && stream == reading) {
            stoppedForTimeout = true;
            stream.abortReading(ErrorCodes.STREAM_TIMEOUT); // wakes the blocked read with an IOException
        }
    }
}
