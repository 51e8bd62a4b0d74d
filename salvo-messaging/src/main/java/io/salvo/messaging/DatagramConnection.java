package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clt} over datagrams: one message per datagram, behind a 4-byte sequence number, sent at
 * once (there is no queue: a full socket buffer is {@code trySend}'s false) and received by the
 * poller into a bounded ring. Unreliable by nature; every loss, duplicate, late arrival and drop is
 * counted in {@link #stats()}.
 *
 * <p>A message is at most {@code min(maxFrameSize, 1472) - 4} bytes: one unfragmented datagram on an
 * Ethernet path. Blocking sends retry a full socket buffer by parking (50 µs, doubling to 1 ms),
 * which a datagram socket gives no readiness for worth waiting on.
 */
final class DatagramConnection<T> extends AbstractConnection<T> implements DatagramEndpoint.Router {

    private static final int RECEIVE_SLOTS = 64;

    private final DatagramEndpoint endpoint;
    private final SocketAddress peer;
    private final boolean ownsEndpoint;
    private final DatagramInbound inbound;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Codec<T> sendCodec;
    private final DatagramBuffer outgoing;
    private int nextSequence;
    private volatile long messagesOut;
    private volatile long bytesOut;
    private volatile long datagramsSent;
    private volatile long heartbeatsOut;
    private volatile long sendDrops;
    private volatile long strangers;
    private volatile long lastSendNanos = System.nanoTime();

    DatagramConnection(DatagramEndpoint endpoint, SocketAddress peer, boolean ownsEndpoint, MessagingConfig<T> config,
                       ConnectionOwner<T> owner, String role) {
        super(config, endpoint.poller, owner, role, peer,
                c -> new DatagramInbound(RECEIVE_SLOTS, messageCapacity(config)));
        this.endpoint = endpoint;
        this.peer = peer;
        this.ownsEndpoint = ownsEndpoint;
        this.inbound = (DatagramInbound) in.inbound();
        this.sendCodec = config.codecs().get();
        this.outgoing = DatagramBuffer.allocate(messageCapacity(config) + DatagramInbound.HEADER, 0);
    }

    static int messageCapacity(MessagingConfig<?> config) {
        return Math.min(config.framer().maxFrameSize(), DatagramBuffer.DEFAULT_CAPACITY) - DatagramInbound.HEADER;
    }

    /** A client over its own transport, to {@code peer} (null: the transport is connected). */
    static <T> Clt<T> client(DatagramTransport transport, SocketAddress peer, MessagingConfig<T> config)
            throws IOException {
        MessagingPoller poller;
        try {
            poller = MessagingPoller.forConfig(config);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
        DatagramEndpoint endpoint = new DatagramEndpoint(transport, poller);
        DatagramConnection<T> c;
        try {
            c = new DatagramConnection<>(endpoint, peer, true, config, ConnectionOwner.none(), " -> ");
        } catch (RuntimeException e) {
            transport.close();
            MessagingPoller.release(config, poller);
            throw e;
        }
        try {
            endpoint.start(c);
        } catch (IOException e) {
            c.close(CloseCause.SHUTDOWN, e.getMessage(), e);
            throw e;
        }
        c.startTimers();
        c.clientLogin();
        return c;
    }

    /** Client side: the datagrams of the batch (poller thread); those from another address are dropped and counted. */
    @Override
    public void route(PacketBatch batch, int count) {
        for (int slot = 0; slot < count && endpoint.transport.isOpen(); slot++) {
            if (peer != null && !peer.equals(batch.peerAddress(slot))) {
                strangers++;
                continue;
            }
            arrive(batch.buffer(slot), batch.isTruncated(slot));
        }
    }

    /** One datagram for this connection (poller thread). */
    void arrive(DatagramBuffer datagram, boolean truncated) {
        if (isClosed()) {
            return;
        }
        in.lock();
        long length;
        try {
            length = inbound.offer(datagram, truncated);
        } catch (RuntimeException e) {
            in.unlock();
            throw e;
        }
        if (length < 0) {
            in.unlock();
            return;
        }
        in.serveAfterArrivalLocked(length); // releases the lock
    }

    // ---------------------------------------------------------------- sending

    @Override
    public boolean trySend(T message) throws IOException {
        IOException failure = null;
        sendLock.lock();
        try {
            checkOpen();
            outgoing.reset().writeInt(nextSequence);
            try {
                sendCodec.encode(message, outgoing);
            } catch (IndexOutOfBoundsException tooLong) {
                throw new FramingException("a message of more than " + (outgoing.capacity() - DatagramInbound.HEADER)
                        + " bytes does not fit one datagram");
            }
            SendStatus status;
            try {
                status = endpoint.send(outgoing, peer);
            } catch (IOException e) {
                failure = e;
                status = null;
            }
            if (status == SendStatus.WOULD_BLOCK) {
                return false;
            }
            if (status != null) {
                nextSequence++;
                messagesOut++;
                lastSendNanos = System.nanoTime();
                if (status.isSent()) {
                    bytesOut += outgoing.length();
                    datagramsSent++;
                } else {
                    sendDrops++; // refused, unreachable, too large: lost on the way out, and counted (the transport's stats say why)
                }
            }
        } finally {
            sendLock.unlock();
        }
        if (failure != null) {
            throw failed(failure);
        }
        return true;
    }

    /** No queue over datagrams: the same as {@link #trySend}. */
    @Override
    public boolean tryEnqueue(T message) throws IOException {
        return trySend(message);
    }

    @Override
    public long flush() throws IOException {
        checkOpen();
        return 0;
    }

    @Override
    public void send(T message, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!trySend(message)) {
            if (System.nanoTime() - deadline >= 0) {
                throw full(timeout);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void send(T message) throws IOException {
        checkNotPollerThread("send");
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        long pause = 50_000;
        while (!trySend(message)) {
            if (System.nanoTime() - deadline >= 0) {
                throw full(config.sendTimeout());
            }
            LockSupport.parkNanos(pause); // parks a virtual thread without pinning its carrier
            pause = Math.min(pause * 2, 1_000_000);
        }
    }

    @Override
    public CompletableFuture<Void> sendAsync(T message) {
        try {
            return trySend(message) ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(full(Duration.ZERO));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private OutboundQueueFullException full(Duration waited) {
        return new OutboundQueueFullException(name() + ": the socket's send buffer stayed full"
                + (waited.isZero() ? "" : " for " + waited.toMillis() + " ms"));
    }

    @Override
    boolean sendAutomatic(T message) {
        try {
            if (!trySend(message)) {
                sendLock.lock();
                try {
                    sendDrops++; // a full send buffer loses a protocol datagram like any other; counted
                } finally {
                    sendLock.unlock();
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    void sendHeartbeat() {
        T beat = config.hooks().heartbeat();
        if (beat != null && sendAutomatic(beat)) {
            heartbeatsOut++;
        }
    }

    @Override
    long lastSendNanos() {
        return lastSendNanos;
    }

    // ---------------------------------------------------------------- the rest

    @Override
    void closeTransport() {
        if (ownsEndpoint) {
            endpoint.close();
        }
    }

    @Override
    void discardOutbound() {
        // nothing is queued: a sender parked on a full socket buffer sees the close on its next try
    }

    @Override
    public SocketAddress localAddress() {
        return endpoint.transport.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return peer;
    }

    @Override
    public ConnectionStats stats() {
        SequenceTracker s = inbound.sequence;
        return new ConnectionStats(in.messagesIn, messagesOut, in.bytesIn, bytesOut, datagramsSent, in.gate.rejected,
                in.gate.autoReplied, in.gate.heartbeatsIn, heartbeatsOut, 0, s.lost, s.duplicates, s.late,
                inbound.dropped + sendDrops + strangers, closeCause());
    }
}
