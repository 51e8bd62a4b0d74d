package io.salvo.quic.kwik;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The implementation handed to {@link java.net.DatagramSocket}'s protected constructor by
 * {@link TransportDatagramSocket}. That constructor is the only way to subclass the socket without
 * the JDK opening a real one; the subclass overrides every method Kwik calls, so nothing here is
 * ever reached. Each method fails loudly in case a future Kwik calls something not overridden.
 */
final class UnusedSocketImpl extends DatagramSocketImpl {

    private static SocketException unsupported() {
        return new SocketException("not supported by a Salvo transport socket");
    }

    @Override protected void create() throws SocketException { throw unsupported(); }
    @Override protected void bind(int lport, InetAddress laddr) throws SocketException { throw unsupported(); }
    @Override protected void send(DatagramPacket p) throws IOException { throw unsupported(); }
    @Override protected int peek(InetAddress i) throws IOException { throw unsupported(); }
    @Override protected int peekData(DatagramPacket p) throws IOException { throw unsupported(); }
    @Override protected void receive(DatagramPacket p) throws IOException { throw unsupported(); }
    @Override @Deprecated protected void setTTL(byte ttl) throws IOException { throw unsupported(); }
    @Override @Deprecated protected byte getTTL() throws IOException { throw unsupported(); }
    @Override protected void setTimeToLive(int ttl) throws IOException { throw unsupported(); }
    @Override protected int getTimeToLive() throws IOException { throw unsupported(); }
    @Override protected void join(InetAddress inetaddr) throws IOException { throw unsupported(); }
    @Override protected void leave(InetAddress inetaddr) throws IOException { throw unsupported(); }
    @Override protected void joinGroup(SocketAddress a, NetworkInterface n) throws IOException { throw unsupported(); }
    @Override protected void leaveGroup(SocketAddress a, NetworkInterface n) throws IOException { throw unsupported(); }
    @Override protected void close() { }
    @Override public void setOption(int optID, Object value) throws SocketException { throw unsupported(); }
    @Override public Object getOption(int optID) throws SocketException { throw unsupported(); }
}
