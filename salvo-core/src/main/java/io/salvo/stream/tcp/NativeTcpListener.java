package io.salvo.stream.tcp;

import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeLayouts;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.NativeSocketHolder;
import io.salvo.internal.linux.LibC;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.linux.StreamSockets;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.atomic.AtomicLong;

/** The native TCP listener: {@code accept4} hands out {@link NativeTcpTransport}s. */
final class NativeTcpListener implements TcpListener, NativeSocketHolder {

    private final NativeSocket socket;
    private final TcpOptions options;
    private final InetSocketAddress local;
    private final StreamSockets.AcceptScratch scratch;
    private final MemorySegment pollfd;
    private final MemorySegment pollCapture;
    private final AtomicLong accepted = new AtomicLong();

    private NativeTcpListener(NativeSocket socket, TcpOptions options) throws IOException {
        this.socket = socket;
        this.options = options;
        this.local = (InetSocketAddress) SocketCalls.localAddress(socket);
        this.scratch = new StreamSockets.AcceptScratch(socket);
        this.pollfd = socket.arena().allocate(NativeLayouts.POLLFD);
        this.pollCapture = LibC.newCaptureState(socket.arena());
    }

    static NativeTcpListener bind(InetSocketAddress local, TcpOptions o) throws IOException {
        if (local.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        boolean v6 = local.getAddress() instanceof Inet6Address;
        NativeSocket s = NativeSocket.open(v6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET, LinuxConstants.SOCK_STREAM);
        try {
            TcpSocketOptions.applyToListener(s, v6, o);
            StreamSockets.bindAndListen(s, local, o.backlog);
            return new NativeTcpListener(s, o);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public TcpTransport accept() throws IOException {
        StreamSockets.Accepted a = StreamSockets.accept(socket, scratch);
        if (a == null) {
            return null;
        }
        accepted.incrementAndGet();
        return NativeTcpTransport.accepted(a, options);
    }

    @Override
    public boolean awaitAcceptable(long timeoutNanos) throws IOException {
        synchronized (pollfd) { // one waiter at a time on the shared pollfd
            return StreamSockets.await(socket, pollfd, pollCapture, LinuxConstants.POLLIN, timeoutNanos);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public long accepted() {
        return accepted.get();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public NativeSocket nativeSocket() {
        return socket;
    }

    @Override
    public String toString() {
        return "TcpListener[native, " + local + "]";
    }
}
