package io.salvo.stream.tcp;

import io.salvo.observe.SalvoEvents;
import io.salvo.internal.ChannelWaits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.atomic.AtomicLong;

/** The TCP listener fallback over {@link ServerSocketChannel}. */
final class NioTcpListener implements TcpListener {

    private final ServerSocketChannel channel;
    private final TcpOptions options;
    private final InetSocketAddress local;
    private final ChannelWaits waits;
    private final AtomicLong accepted = new AtomicLong();

    private NioTcpListener(ServerSocketChannel channel, TcpOptions options) throws IOException {
        this.channel = channel;
        this.options = options;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.waits = new ChannelWaits(channel);
    }

    static NioTcpListener bind(InetSocketAddress local, TcpOptions o) throws IOException {
        if (local.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        ServerSocketChannel ch = ServerSocketChannel.open(local.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress);
            if (o.reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (o.receiveBufferSize > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize);
            }
            ch.bind(local, o.backlog);
            return new NioTcpListener(ch, o);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public TcpTransport accept() throws IOException {
        SocketChannel c = channel.accept();
        if (c == null) {
            return null;
        }
        accepted.incrementAndGet();
        return SalvoEvents.opened(NioTcpTransport.accepted(c, options));
    }

    @Override
    public boolean awaitAcceptable(long timeoutNanos) throws IOException {
        return waits.await(SelectionKey.OP_ACCEPT, timeoutNanos);
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
        return channel.isOpen();
    }

    @Override
    public void close() {
        SalvoEvents.closed(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed either way
        }
        waits.close();
    }

    @Override
    public String toString() {
        return "TcpListener[nio, " + local + "]";
    }
}
