package io.salvo.quic.kwik;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;
import io.salvo.transport.loopback.LoopbackTransport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link DatagramSocket} that Kwik can use ({@code ServerConnector.Builder.withSocket}, the
 * client's {@code socketFactory}) whose datagrams go through a Salvo {@link DatagramTransport}:
 * native UDP with {@code recvmmsg}, or the in-memory loopback network with impairments.
 *
 * <p><b>Receive.</b> Kwik's receiver thread calls {@link #receive} in a loop, one
 * {@link DatagramPacket} per call (on a server, {@link ServerReceiveLoop} calls
 * {@link #receiveExact} instead). This socket fills a reused native {@link PacketBatch} with one
 * {@code recvBatch} (one system call for up to {@code batchSlots} datagrams) and hands the
 * datagrams out one per call. Kwik forces one copy and two allocations per datagram: it allocates
 * a fresh 1,500-byte array and {@code DatagramPacket} for every receive and keeps them, so the
 * payload must be copied out of native memory; the source address is decoded into an
 * {@link InetSocketAddress} (immutable, so one is shared by consecutive datagrams of a batch from
 * the same peer) because Kwik keeps that too. The {@link DatagramGate} runs before the
 * copy, so refused datagrams cost neither.
 *
 * <p><b>Send.</b> Kwik sends one datagram per call from each connection's sender thread (a server
 * shares this socket among all its connections), so sends are serialised on a lock and copied
 * into one reused native buffer: no allocation here. Kwik gives no batch boundary, so GSO cannot be
 * used. A full send buffer waits for room (as a blocking {@code DatagramSocket} would); a datagram
 * refused for its destination (unreachable, too large) is counted and dropped like lost UDP,
 * because an exception would make Kwik abort the connection.
 *
 * <p><b>Errors.</b> {@link #receive} throws only once this socket is closed: Kwik's server calls
 * {@code System.exit} when its receive thread meets an exception while it is not closing. A receive
 * error before that is counted ({@link #receiveErrors()}) and the receive retries after 10 ms.
 *
 * <p><b>Close.</b> {@link #close()} closes the transport (which wakes a receive waiting on it),
 * waits for the thread inside {@link #receive} to leave, then frees the batch: no native memory is
 * touched after it is freed. It does not close a transport it was told it does not own.
 *
 * <p><b>Threads.</b> One receiving thread at a time; any number of sending threads.
 */
public final class TransportDatagramSocket extends DatagramSocket {

    /** Kwik never sends or expects datagrams larger than this (its {@code Receiver.MAX_DATAGRAM_SIZE}). */
    public static final int MAX_DATAGRAM = 1500;

    // Long enough to cost nothing when idle, short enough that close never waits long for the receiver.
    private static final long RECEIVE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final long LOOPBACK_IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long RECEIVE_ERROR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final DatagramTransport transport;
    private final boolean idleParks;
    private final boolean ownsTransport;
    private final DatagramGate gate;
    private final InetSocketAddress localAddress;

    private final Object receiveLock = new Object();
    private final PacketBatch receiveBatch;     // guarded by receiveLock
    private int nextSlot;                       // guarded by receiveLock
    private long batchReceivedNanos;            // guarded by receiveLock
    private int lastAddressSlot = -1;           // guarded by receiveLock
    private SocketAddress lastAddress;          // guarded by receiveLock

    private final Object sendLock = new Object();
    private final DatagramBuffer sendBuffer = DatagramBuffer.allocate(MAX_DATAGRAM, 0); // guarded by sendLock

    private volatile boolean closed;
    private final LongAdder received = new LongAdder();
    private final LongAdder refusedByGate = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder receiveErrors = new LongAdder();

    /**
     * @param transport     the transport to carry Kwik's datagrams; bound already
     * @param ownsTransport whether {@link #close()} closes the transport too
     * @param batchSlots    how many datagrams one receive system call may take
     * @param gate          the filter applied to each received datagram before Kwik sees it
     */
    public TransportDatagramSocket(DatagramTransport transport, boolean ownsTransport, int batchSlots, DatagramGate gate) {
        super(new UnusedSocketImpl());
        this.transport = Objects.requireNonNull(transport, "transport");
        this.ownsTransport = ownsTransport;
        this.gate = Objects.requireNonNull(gate, "gate");
        if (!(transport.localAddress() instanceof InetSocketAddress local)) {
            throw new IllegalArgumentException("transport must be bound to an IP address, is " + transport.localAddress());
        }
        this.localAddress = local;
        this.idleParks = transport instanceof LoopbackTransport;
        this.receiveBatch = PacketBatch.allocate(batchSlots, MAX_DATAGRAM, 0);
    }

    /** A socket over {@code transport} that owns it, with 64-slot receive batches and no gate. */
    public static TransportDatagramSocket over(DatagramTransport transport) {
        return new TransportDatagramSocket(transport, true, 64, DatagramGate.OPEN);
    }

    /** The transport under this socket. */
    public DatagramTransport transport() {
        return transport;
    }

    /**
     * Blocks until a datagram arrives and the gate admits it, then copies it into {@code packet}
     * (cut to the packet's length if longer) and sets the packet's source address.
     *
     * @throws SocketException once the socket is closed
     */
    @Override
    public void receive(DatagramPacket packet) throws IOException {
        synchronized (receiveLock) {
            int slot = nextAdmittedSlot();
            DatagramBuffer buffer = receiveBatch.buffer(slot);
            int copied = Math.min(buffer.length(), packet.getLength());
            MemorySegment.copy(buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), packet.getData(), packet.getOffset(), copied);
            packet.setLength(copied);
            packet.setSocketAddress(peerOf(slot));
        }
    }

    /**
     * Blocks until a datagram arrives and the gate admits it, then returns it in a new array of
     * exactly its length, with its source address. For a caller that keeps every datagram (Kwik's
     * connections do): a {@link #receive} into a fresh {@link #MAX_DATAGRAM}-byte array would
     * allocate more for every datagram shorter than that.
     *
     * @throws SocketException once the socket is closed
     */
    public DatagramPacket receiveExact() throws IOException {
        synchronized (receiveLock) {
            int slot = nextAdmittedSlot();
            DatagramBuffer buffer = receiveBatch.buffer(slot);
            byte[] data = new byte[buffer.length()];
            MemorySegment.copy(buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), data, 0, data.length);
            return new DatagramPacket(data, data.length, peerOf(slot));
        }
    }

    // The next datagram the gate admits, as a slot of the batch, refilling the batch (and waiting)
    // as often as needed. Caller holds receiveLock and uses the slot before releasing it.
    private int nextAdmittedSlot() throws IOException {
        while (true) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            while (nextSlot < receiveBatch.count()) {
                int slot = nextSlot++;
                DatagramBuffer buffer = receiveBatch.buffer(slot);
                int length = buffer.length();
                received.increment();
                if (gate.admit(buffer.segment().asSlice(buffer.start(), length), length, batchReceivedNanos)) {
                    return slot;
                }
                refusedByGate.increment();
            }
            fill();
        }
    }

    // InetSocketAddress is immutable, so consecutive datagrams from one peer (the usual case in a
    // batch) can share one: one decode per run of slots instead of one per datagram. Caller holds receiveLock.
    private SocketAddress peerOf(int slot) {
        if (lastAddressSlot >= 0 && receiveBatch.samePeer(lastAddressSlot, slot)) {
            lastAddressSlot = slot;
            return lastAddress;
        }
        lastAddress = receiveBatch.peerAddress(slot);
        lastAddressSlot = slot;
        return lastAddress;
    }

    // Caller holds receiveLock.
    private void fill() throws IOException {
        nextSlot = 0;
        lastAddressSlot = -1;
        receiveBatch.clear();
        try {
            if (transport.recvBatch(receiveBatch) == 0) {
                receiveBatch.clear();
                if (idleParks) {
                    // The loopback has nothing to wait on and returns from awaitReadable after 50 µs;
                    // a longer park keeps idle test peers from spinning the (shared) CPU.
                    LockSupport.parkNanos(LOOPBACK_IDLE_PARK_NANOS);
                } else {
                    transport.awaitReadable(RECEIVE_WAIT_NANOS);
                }
            }
        } catch (IOException e) {
            receiveBatch.clear();
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            // Kwik's server ends the whole JVM (System.exit) when its receive thread gets an exception
            // while the server is not closing, so an error is counted and the receive goes on waiting:
            // a transient error passes, and a transport closed under Kwik's feet waits for close().
            receiveErrors.increment();
            LockSupport.parkNanos(RECEIVE_ERROR_BACKOFF_NANOS);
        }
        batchReceivedNanos = System.nanoTime();
    }

    /**
     * Sends one datagram to the packet's address, waiting while the send buffer is full.
     *
     * @throws SocketException once the socket is closed
     */
    @Override
    public void send(DatagramPacket packet) throws IOException {
        SocketAddress target = packet.getSocketAddress();
        synchronized (sendLock) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            sendBuffer.reset();
            sendBuffer.writeBytes(packet.getData(), packet.getOffset(), packet.getLength());
            try {
                SendStatus status;
                while ((status = transport.offer(sendBuffer, target)) == SendStatus.WOULD_BLOCK) {
                    if (closed) {
                        throw new SocketException("Socket is closed");
                    }
                    transport.awaitWritable(RECEIVE_WAIT_NANOS);
                }
                if (status == SendStatus.SENT) {
                    sent.increment();
                } else {
                    sendFailures.increment(); // counted by the transport too, with its cause
                }
            } catch (IOException e) {
                if (closed) {
                    throw new SocketException("Socket is closed");
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsTransport) {
            transport.close(); // wakes a receiver waiting in awaitReadable
        }
        synchronized (receiveLock) {
            // The receiver, if any, has left: the batch is no longer in use.
            receiveBatch.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Datagrams taken from the transport, admitted or not. */
    public long datagramsReceived() {
        return received.sum();
    }

    /** Datagrams the gate refused. */
    public long datagramsRefusedByGate() {
        return refusedByGate.sum();
    }

    /** Datagrams sent. */
    public long datagramsSent() {
        return sent.sum();
    }

    /** Receives that failed with an I/O error while the socket was open (retried after 10 ms). */
    public long receiveErrors() {
        return receiveErrors.sum();
    }

    /** Datagrams the transport refused for their destination (dropped, as lost UDP would be). */
    public long sendFailures() {
        return sendFailures.sum();
    }

    // ---- The rest of DatagramSocket, answered from the transport so the JDK socket is never opened.

    @Override public InetAddress getLocalAddress() { return localAddress.getAddress(); }
    @Override public int getLocalPort() { return localAddress.getPort(); }
    @Override public SocketAddress getLocalSocketAddress() { return localAddress; }
    @Override public boolean isBound() { return true; }
    @Override public boolean isConnected() { return false; }
    @Override public InetAddress getInetAddress() { return null; }
    @Override public int getPort() { return -1; }
    @Override public SocketAddress getRemoteSocketAddress() { return null; }
    @Override public void setSoTimeout(int timeout) { /* receive waits until data or close, as Kwik expects */ }
    @Override public int getSoTimeout() { return 0; }
    @Override public int getReceiveBufferSize() { return 0; }
    @Override public void setReceiveBufferSize(int size) { /* sized by the transport's options */ }
    @Override public int getSendBufferSize() { return 0; }
    @Override public void setSendBufferSize(int size) { /* sized by the transport's options */ }
    @Override public void bind(SocketAddress address) throws SocketException { throw new SocketException("already bound by its transport"); }
    @Override public void connect(InetAddress address, int port) { throw new UnsupportedOperationException("connect"); }
    @Override public void connect(SocketAddress address) { throw new UnsupportedOperationException("connect"); }
    @Override public void disconnect() { }

    @Override
    public String toString() {
        return "TransportDatagramSocket[" + localAddress + " over " + transport + "]";
    }
}
