package io.salvo.stream.tcp;

import io.salvo.internal.ChannelWaits;
import io.salvo.internal.NioStreamTransport;
import io.salvo.stream.StreamCapabilities;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** The TCP fallback over {@link SocketChannel}: same contract, JDK channel underneath. */
final class NioTcpTransport extends NioStreamTransport implements TcpTransport {

    private static final StreamCapabilities CAPABILITIES = new StreamCapabilities("nio-tcp", false, true, false);

    private NioTcpTransport(SocketChannel channel) throws IOException {
        super(channel);
    }

    static NioTcpTransport connect(InetSocketAddress remote, TcpOptions o, Duration timeout) throws IOException {
        if (remote.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        SocketChannel ch = SocketChannel.open(remote.getAddress() instanceof java.net.Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        try {
            apply(ch, o);
            ch.configureBlocking(false);
            if (!ch.connect(remote)) {
                ChannelWaits waits = new ChannelWaits(ch);
                try {
                    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
                    while (!ch.finishConnect()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new SocketTimeoutException("connect to " + remote + " timed out after "
                                    + timeout.toMillis() + " ms");
                        }
                        waits.await(SelectionKey.OP_CONNECT, left);
                    }
                } finally {
                    waits.close();
                }
            }
            return new NioTcpTransport(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static NioTcpTransport accepted(SocketChannel ch, TcpOptions o) throws IOException {
        try {
            apply(ch, o);
            return new NioTcpTransport(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void apply(SocketChannel ch, TcpOptions o) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, o.noDelay);
        if (o.keepAlive) {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (o.keepAliveIdle != null) {
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, (int) o.keepAliveIdle.toSeconds());
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) o.keepAliveInterval.toSeconds());
                ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, o.keepAliveCount);
            }
        }
        if (o.receiveBufferSize > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize);
        }
        if (o.sendBufferSize > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, o.sendBufferSize);
        }
        if (o.linger != null) {
            ch.setOption(StandardSocketOptions.SO_LINGER, (int) o.linger.toSeconds());
        }
        // TCP_USER_TIMEOUT and SO_BUSY_POLL have no JDK option: the fallback leaves the kernel's defaults.
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public void setNoDelay(boolean on) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public void setCork(boolean on) throws IOException {
        // the JDK has no TCP_CORK: documented as no effect on the fallback, but a closed transport still says so
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    @Override
    public void quickAck() throws IOException {
        channel.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
    }

    @Override
    public StreamCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String toString() {
        return "TcpTransport[nio, " + localAddress() + " -> " + remoteAddress() + "]";
    }
}
