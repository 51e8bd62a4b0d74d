package io.salvo.transport.udp;

import io.salvo.observe.SalvoEvents;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.internal.StatsRecorder;
import io.salvo.internal.packet.BatchAccess;
import io.salvo.internal.packet.BatchState;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DropCause;
import io.salvo.transport.SendStatus;
import io.salvo.transport.SocketStats;
import io.salvo.transport.TransportEvent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portable UDP transport over a non-blocking {@link DatagramChannel}: the same contract as the
 * native one, one datagram per system call, no offloads. Receives go through a 64 KiB scratch
 * buffer so that a datagram longer than the caller's buffer is still reported with its true length.
 * Allocates a small amount per datagram (the JDK's address objects and buffer views).
 */
final class NioUdpTransport implements UdpTransport {

    private static final int MAX_DATAGRAM = 65_536;
    private static final Capabilities CAPABILITIES = new Capabilities("nio-udp", false, false, false, false, false,
            false, false, 1);

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final StatsRecorder stats = new StatsRecorder();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final MemorySegment scratchSegment = MemorySegment.ofBuffer(scratch);
    private final Map<String, MembershipKey> memberships = new ConcurrentHashMap<>();

    private NioUdpTransport(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    static NioUdpTransport open(InetSocketAddress bindAddress, UdpOptions o) throws IOException {
        ProtocolFamily family = bindAddress.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(family);
        try {
            ch.configureBlocking(false);
            if (o.reuseAddress) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (o.reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (o.broadcast) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (o.receiveBufferSize > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize);
            }
            if (o.sendBufferSize > 0) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, o.sendBufferSize);
            }
            if (o.trafficClass != 0) {
                ch.setOption(StandardSocketOptions.IP_TOS, o.trafficClass);
            }
            if (o.multicastHops >= 0) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, o.multicastHops);
            }
            if (o.multicastLoop != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, o.multicastLoop);
            }
            if (o.multicastInterface != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName(o.multicastInterface));
            }
            ch.bind(bindAddress);
            return new NioUdpTransport(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return sendOne(buffer, target, false);
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return sendOne(buffer, target, true);
    }

    private SendStatus sendOne(DatagramBuffer buffer, SocketAddress target, boolean callerRetries) throws IOException {
        stats.sendCall();
        ByteBuffer view = buffer.segment().asSlice(buffer.start(), buffer.length()).asByteBuffer();
        SendStatus s;
        if (target == null && !channel.isConnected()) {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            stats.drop(DropCause.BAD_DESTINATION, 1); // no destination: EDESTADDRREQ on the native path
            return SendStatus.BAD_DESTINATION;
        }
        try {
            int n = target == null ? channel.write(view) : channel.send(view, target);
            s = n == 0 && buffer.length() > 0 ? SendStatus.WOULD_BLOCK : SendStatus.SENT;
        } catch (PortUnreachableException e) {
            s = SendStatus.REFUSED;
        } catch (java.nio.channels.UnsupportedAddressTypeException e) {
            s = SendStatus.BAD_DESTINATION; // the other address family: EAFNOSUPPORT on the native path
        } catch (ClosedChannelException e) {
            throw e;
        } catch (SocketException e) {
            s = statusOf(e);
        }
        if (s == SendStatus.SENT) {
            stats.sent(1, buffer.length());
        } else if (s == SendStatus.WOULD_BLOCK && callerRetries) {
            stats.event(TransportEvent.SEND_BUFFER_FULL, 1);
        } else {
            stats.drop(s.dropCause(), 1);
        }
        return s;
    }

    private static SendStatus statusOf(SocketException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("too long") || m.contains("too large")) {
            return SendStatus.MESSAGE_TOO_LARGE;
        }
        if (m.contains("unreachable") || m.contains("no route")) {
            return SendStatus.UNREACHABLE;
        }
        if (m.contains("permission") || m.contains("not permitted")) {
            return SendStatus.ACCESS_DENIED;
        }
        return SendStatus.FAILED;
    }

    @Override
    public int sendBatch(PacketBatch batch) throws IOException {
        BatchState b = BatchAccess.state(batch);
        b.enterIo();
        try {
            int sent = 0;
            while (b.sendCursor < b.count) {
                int slot = b.sendCursor;
                DatagramBuffer buf = b.buffers[slot];
                SendStatus s = offer(buf, batch.peerAddress(slot));
                if (s == SendStatus.WOULD_BLOCK) {
                    break; // counted as SEND_BUFFER_FULL; the slot stays pending at the cursor
                }
                b.sendStatus[slot] = (byte) s.ordinal();
                b.sendCursor++;
                if (s == SendStatus.SENT) {
                    sent++;
                }
            }
            return sent;
        } finally {
            b.exitIo();
        }
    }

    @Override
    public SocketAddress recv(DatagramBuffer buffer) throws IOException {
        buffer.reset();
        int length = receiveToScratch();
        if (length < 0) {
            return null;
        }
        copyOut(buffer, length);
        return lastSource;
    }

    private SocketAddress lastSource;

    /** Receives one datagram into the scratch buffer; returns its length or -1 when none waited. */
    private int receiveToScratch() throws IOException {
        stats.receiveCall();
        scratch.clear();
        try {
            lastSource = channel.receive(scratch);
        } catch (PortUnreachableException e) {
            stats.drop(DropCause.REFUSED, 1);
            return -1;
        }
        return lastSource == null ? -1 : scratch.position();
    }

    /** Copies the scratch datagram into {@code buffer}; returns true when it had to be cut. */
    private boolean copyOut(DatagramBuffer buffer, int length) {
        int got = Math.min(length, buffer.size() - buffer.start());
        MemorySegment.copy(scratchSegment, 0, buffer.segment(), buffer.start(), got);
        buffer.setLength(got);
        stats.received(1, got);
        if (got < length) {
            stats.drop(DropCause.TRUNCATED, 1);
            return true;
        }
        return false;
    }

    @Override
    public int recvBatch(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return receiveBatch(batch, fromSlot, maxCount, true);
    }

    @Override
    public int recvBatchWithoutSources(PacketBatch batch, int fromSlot, int maxCount) throws IOException {
        return receiveBatch(batch, fromSlot, maxCount, false);
    }

    private int receiveBatch(PacketBatch batch, int fromSlot, int maxCount, boolean withSources) throws IOException {
        BatchState b = BatchAccess.state(batch);
        int end = fromSlot + b.receiveLimit(fromSlot, maxCount);
        b.enterIo();
        try {
            b.showOwnBuffers(fromSlot);
            int n = fromSlot;
            while (n < end) {
                int length = receiveToScratch();
                if (length < 0) {
                    break;
                }
                DatagramBuffer buf = b.buffers[n].reset();
                b.clearReceiveMetadata(n);
                if (copyOut(buf, length)) {
                    b.flags[n] |= BatchState.FLAG_TRUNCATED;
                }
                b.lengths[n] = length;
                batch.setPeerAddress(n, withSources ? lastSource : null);
                n++;
            }
            b.count = n;
            b.sendCursor = 0;
            return n - fromSlot;
        } finally {
            b.exitIo();
        }
    }

    @Override
    public int multiTargetSend(DatagramBuffer payload, SocketAddress... targets) throws IOException {
        int done = 0;
        for (SocketAddress t : targets) {
            if (offer(payload, t) == SendStatus.WOULD_BLOCK) {
                break;
            }
            done++;
        }
        return done;
    }

    @Override
    public void connect(InetSocketAddress remote) throws IOException {
        channel.connect(remote);
    }

    @Override
    public void disconnect() throws IOException {
        channel.disconnect();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface ni) throws IOException {
        memberships.put(key(group, null, ni), channel.join(group, requireInterface(ni)));
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface ni) {
        MembershipKey k = memberships.remove(key(group, null, ni));
        if (k != null) {
            k.drop();
        }
    }

    @Override
    public void joinSourceGroup(InetAddress group, InetAddress source, NetworkInterface ni) throws IOException {
        memberships.put(key(group, source, ni), channel.join(group, requireInterface(ni), source));
    }

    @Override
    public void leaveSourceGroup(InetAddress group, InetAddress source, NetworkInterface ni) {
        MembershipKey k = memberships.remove(key(group, source, ni));
        if (k != null) {
            k.drop();
        }
    }

    private static NetworkInterface requireInterface(NetworkInterface ni) {
        if (ni == null) {
            throw new IllegalArgumentException("the NIO fallback needs an explicit interface to join a multicast group");
        }
        return ni;
    }

    private static String key(InetAddress group, InetAddress source, NetworkInterface ni) {
        return group + "|" + source + "|" + (ni == null ? "" : ni.getName());
    }

    private java.nio.channels.Selector readSelector;
    private java.nio.channels.Selector writeSelector;

    /** Always false: each receive copies straight from the channel, so everything waiting is in the kernel. */
    @Override
    public boolean holdsReceivedDatagrams() {
        return false;
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return channel.isOpen() ? select(selector(true), timeoutNanos) : true;
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        return channel.isOpen() ? select(selector(false), timeoutNanos) : true;
    }

    /** The selector watching for reads or for writes, made on first use (one per direction: two threads may wait). */
    private synchronized java.nio.channels.Selector selector(boolean read) throws IOException {
        java.nio.channels.Selector s = read ? readSelector : writeSelector;
        if (s == null) {
            s = java.nio.channels.Selector.open();
            channel.register(s, read ? java.nio.channels.SelectionKey.OP_READ : java.nio.channels.SelectionKey.OP_WRITE);
            if (read) {
                readSelector = s;
            } else {
                writeSelector = s;
            }
        }
        return s;
    }

    private static boolean select(java.nio.channels.Selector selector, long timeoutNanos) throws IOException {
        long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
        try {
            int n = selector.select(millis);
            selector.selectedKeys().clear();
            return n > 0;
        } catch (java.nio.channels.ClosedSelectorException closedMeanwhile) {
            return true; // the transport was closed: the caller's next call says so
        }
    }

    @Override
    public int receiveBufferSize() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public int sendBufferSize() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SocketStats stats() {
        return stats.snapshot();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
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
            synchronized (this) {
                if (readSelector != null) {
                    readSelector.close();
                }
                if (writeSelector != null) {
                    writeSelector.close();
                }
            }
        } catch (IOException ignored) {
            // closing a datagram channel does not fail in a way a caller could act on
        }
    }

    @Override
    public String toString() {
        return "UdpTransport[nio, " + local + "]";
    }

}
