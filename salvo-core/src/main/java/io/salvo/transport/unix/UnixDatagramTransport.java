package io.salvo.transport.unix;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeAccess;
import io.salvo.internal.linux.NativeDatagramTransport;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.transport.AbstractUnixSocketAddress;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.packet.PacketBatch;
import io.salvo.transport.Capabilities;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.SendStatus;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * A Unix-domain datagram socket ({@code AF_UNIX}, {@code SOCK_DGRAM}) behind the
 * {@link DatagramTransport} contract, with the same batched {@code recvmmsg}/{@code sendmmsg}
 * path as native UDP. Addresses are {@link UnixDomainSocketAddress} (filesystem paths),
 * {@link AbstractUnixSocketAddress} (Linux's abstract namespace), or unnamed.
 *
 * <p>Unix datagram sockets are reliable and ordered within the host: a full receiver makes the
 * sender see {@link io.salvo.transport.SendStatus#WOULD_BLOCK} rather than losing data. Linux only,
 * with native access; elsewhere the factories throw {@link UnsupportedOperationException}.
 *
 * <p><b>Waiting for a full peer.</b> Linux accounts the peer's receive queue in {@code poll(2)}
 * only for a connected socket. An unconnected one is reported writable while the peer's queue is
 * full, so waiting in the kernel would return at once and a retrying sender would spin. After a
 * send on an unconnected socket meets a full buffer, {@link #awaitWritable} therefore backs off
 * instead: it parks 50 µs, doubling on each further wait up to 1 ms (never past its timeout), and
 * returns; a send that goes through starts the back-off over. The CPU a waiting sender burns is
 * bounded, at the price of up to a millisecond of added latency once the peer drains. A connected
 * socket ({@link #connect}, {@link #pair()}) keeps waiting in {@code poll(2)}, which wakes it as
 * soon as the peer has room: connect when a socket talks to one peer. Salvo never connects by
 * itself, because a connected Unix datagram socket refuses datagrams from every other sender.
 */
public final class UnixDatagramTransport extends NativeDatagramTransport {

    private static final Capabilities CAPABILITIES = new Capabilities("unix-datagram", true, false, false, false,
            false, false, false, LinuxConstants.UIO_MAXIOV);

    /** First and longest pause of an unconnected sender waiting for a full peer (see the class notes). */
    static final long FIRST_PAUSE_NANOS = 50_000;
    static final long MAX_PAUSE_NANOS = 1_000_000;

    private final SocketAddress local;
    private volatile SocketAddress remote;
    /** Set when the last send met a full buffer, cleared when one goes through; send-side state. */
    private volatile boolean lastSendBlocked;
    /** The next back-off pause; used by the sending thread only. */
    private long pauseNanos = FIRST_PAUSE_NANOS;

    private UnixDatagramTransport(NativeSocket socket, SocketAddress local) {
        super(socket, false);
        this.local = local;
    }

    /** Binds to a filesystem path (which must not exist yet; the caller removes it after use). */
    public static UnixDatagramTransport bind(UnixDomainSocketAddress path) throws IOException {
        return bound(path);
    }

    /** Binds to a name in the abstract namespace (no file; gone when the socket closes). */
    public static UnixDatagramTransport bind(AbstractUnixSocketAddress name) throws IOException {
        return bound(name);
    }

    /** An unbound socket: it can send, and receives only replies to... nothing (peers cannot address it). */
    public static UnixDatagramTransport unbound() throws IOException {
        requireNative();
        return SalvoEvents.opened(new UnixDatagramTransport(NativeSocket.open(LinuxConstants.AF_UNIX),
                UnixDomainSocketAddress.of("")));
    }

    /** Two connected, unnamed sockets ({@code socketpair}): each one's sends arrive at the other. */
    public static UnixDatagramTransport[] pair() throws IOException {
        requireNative();
        NativeSocket[] s = SocketCalls.socketPair(LinuxConstants.AF_UNIX);
        UnixDatagramTransport a = new UnixDatagramTransport(s[0], UnixDomainSocketAddress.of(""));
        UnixDatagramTransport b = new UnixDatagramTransport(s[1], UnixDomainSocketAddress.of(""));
        a.connected = true;
        b.connected = true;
        return new UnixDatagramTransport[] {SalvoEvents.opened(a), SalvoEvents.opened(b)};
    }

    private static UnixDatagramTransport bound(SocketAddress address) throws IOException {
        requireNative();
        NativeSocket s = NativeSocket.open(LinuxConstants.AF_UNIX);
        try {
            SocketCalls.addressCall(s, "bind(" + address + ")", (seg, off) -> SocketAddressCodec.encode(address, seg, off),
                    false);
            return SalvoEvents.opened(new UnixDatagramTransport(s, address));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void requireNative() {
        if (!NativeAccess.isAvailable()) {
            throw new UnsupportedOperationException("Unix datagram sockets need the native path: "
                    + NativeAccess.unavailableReason());
        }
    }

    /**
     * Sends to {@code peer} by default and receives only from it: datagrams from any other sender
     * are refused. Waiting for room then happens in {@code poll(2)}, which sees the peer's queue.
     */
    public void connect(SocketAddress peer) throws IOException {
        SocketCalls.addressCall(socket, "connect(" + peer + ")", (seg, off) -> SocketAddressCodec.encode(peer, seg, off),
                true);
        remote = peer;
        connected = true;
    }

    /** The connected peer, or null. */
    public SocketAddress remoteAddress() {
        return remote;
    }

    // ---------------------------------------------------------------- waiting for room

    @Override
    public SendStatus send(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return noted(super.send(buffer, target));
    }

    @Override
    public SendStatus offer(DatagramBuffer buffer, SocketAddress target) throws IOException {
        return noted(super.offer(buffer, target));
    }

    @Override
    public int sendBatch(PacketBatch batch) throws IOException {
        int sent = super.sendBatch(batch);
        noteSend(batch.remaining() > 0, sent > 0); // a batch send stops early only at a full buffer
        return sent;
    }

    @Override
    public int multiTargetSend(DatagramBuffer payload, SocketAddress... targets) throws IOException {
        int done = super.multiTargetSend(payload, targets);
        noteSend(done < targets.length, done > 0); // it stops early only at a full buffer
        return done;
    }

    private SendStatus noted(SendStatus s) {
        noteSend(s == SendStatus.WOULD_BLOCK, s == SendStatus.SENT);
        return s;
    }

    private void noteSend(boolean blocked, boolean wentThrough) {
        if (blocked) {
            if (!lastSendBlocked) {
                lastSendBlocked = true;
            }
        } else if (wentThrough && lastSendBlocked) {
            lastSendBlocked = false;
            pauseNanos = FIRST_PAUSE_NANOS;
        }
    }

    /**
     * Waits for room to send. Connected, or when the last send did not meet a full buffer: in
     * {@code poll(2)}. Unconnected after a full buffer: parks for the next back-off pause (50 µs
     * doubling to 1 ms, at most the timeout) and returns, because the kernel cannot tell when an
     * unconnected socket's peer has room (see the class notes).
     *
     * @return true when the caller should try again (closed transports included), false when the
     *         timeout passed
     */
    @Override
    public boolean awaitWritable(long timeoutNanos) throws IOException {
        if (connected || !lastSendBlocked || !isOpen()) {
            return super.awaitWritable(timeoutNanos);
        }
        long pause = Math.min(pauseNanos, Math.max(0, timeoutNanos));
        pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_NANOS);
        if (pause > 0) {
            LockSupport.parkNanos(pause);
        }
        return pause < timeoutNanos;
    }

    @Override
    protected int encodeTarget(SocketAddress target, MemorySegment seg, long offset) {
        if (!(target instanceof UnixDomainSocketAddress || target instanceof AbstractUnixSocketAddress)) {
            throw new IllegalArgumentException("a Unix datagram socket sends to a Unix address, got " + target);
        }
        return SocketAddressCodec.encode(target, seg, offset);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "UnixDatagramTransport[" + local + (remote == null ? "" : " -> " + remote) + "]";
    }
}
