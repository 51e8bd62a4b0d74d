package io.salvo.perf;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.NetworkStats;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** UDP sockets on 127.0.0.1 or ::1: receivers sharing one port (SO_REUSEPORT when several), and senders. */
final class UdpEndpoints implements LocalEndpoints {

    private final PerfOptions options;
    private final InetAddress ip;
    private final List<UdpTransport> receivers = new ArrayList<>();
    private final List<UdpTransport> senders = new ArrayList<>();

    private UdpEndpoints(PerfOptions options, InetAddress ip) {
        this.options = options;
        this.ip = ip;
    }

    static UdpEndpoints open(PerfOptions o) throws IOException {
        UdpEndpoints e = new UdpEndpoints(o, InetAddress.getByName(o.ipv6 ? "::1" : "127.0.0.1"));
        try {
            InetSocketAddress port = new InetSocketAddress(e.ip, 0);
            for (int i = 0; i < o.sockets; i++) {
                UdpTransport r = UdpTransport.bind(port, o.udpOptions(true));
                port = r.localAddress();
                e.receivers.add(r);
            }
            for (int i = 0; i < o.sockets; i++) {
                e.senders.add(UdpTransport.bind(new InetSocketAddress(e.ip, 0), o.udpOptions(false)));
            }
            return e;
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    @Override
    public List<UdpTransport> receivers() {
        return receivers;
    }

    @Override
    public List<UdpTransport> senders() {
        return senders;
    }

    @Override
    public SocketAddress target(int index) {
        return receivers.getFirst().localAddress(); // the kernel spreads flows over the port's sockets
    }

    @Override
    public String capabilities() {
        return receivers.getFirst().capabilities().toString();
    }

    @Override
    public NetworkStats networkStats() {
        return null;
    }

    @Override
    public boolean settled() {
        return true;
    }

    @Override
    public DatagramTransport[] openPair() throws IOException {
        UdpTransport a = UdpTransport.bind(new InetSocketAddress(ip, 0), options.udpOptions(false));
        try {
            return new DatagramTransport[] {a, UdpTransport.bind(new InetSocketAddress(ip, 0), options.udpOptions(false))};
        } catch (IOException | RuntimeException ex) {
            a.close();
            throw ex;
        }
    }

    @Override
    public void close() {
        receivers.forEach(DatagramTransport::close);
        senders.forEach(DatagramTransport::close);
    }
}
