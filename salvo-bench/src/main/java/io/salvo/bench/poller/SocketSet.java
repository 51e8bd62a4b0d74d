package io.salvo.bench.poller;

import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Native UDP sockets bound to {@code 127.0.0.1:0}, and once that address has no ephemeral port
 * left (about 28,000 with Linux's default {@code ip_local_port_range}), to {@code 127.0.0.2:0} and
 * on: every address of 127/8 is loopback, so 100,000 sockets fit on four of them.
 */
final class SocketSet implements AutoCloseable {

    private static final UdpOptions OPTIONS = UdpOptions.builder().implementation(UdpOptions.Implementation.NATIVE).build();

    final List<UdpTransport> transports;
    /** Each socket's address, in opening (and registration) order. */
    final InetSocketAddress[] addresses;
    /** How many loopback addresses the sockets needed. */
    final int loopbackAddresses;
    final long openNanos;

    private SocketSet(List<UdpTransport> transports, int loopbackAddresses, long openNanos) {
        this.transports = transports;
        this.addresses = transports.stream().map(UdpTransport::localAddress).toArray(InetSocketAddress[]::new);
        this.loopbackAddresses = loopbackAddresses;
        this.openNanos = openNanos;
    }

    static SocketSet open(int count) throws IOException {
        List<UdpTransport> out = new ArrayList<>(count);
        int host = 1;
        long t0 = System.nanoTime();
        try {
            InetAddress address = loopback(host);
            while (out.size() < count) {
                try {
                    out.add(UdpTransport.bind(new InetSocketAddress(address, 0), OPTIONS));
                } catch (BindException noPortLeft) {
                    if (++host > 254) {
                        throw noPortLeft;
                    }
                    address = loopback(host);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.forEach(UdpTransport::close);
            throw new IOException("opened " + out.size() + " of " + count + " sockets: " + e.getMessage(), e);
        }
        return new SocketSet(out, host, System.nanoTime() - t0);
    }

    private static InetAddress loopback(int host) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
    }

    /** Every {@code step}-th address, from the first: a traffic pattern spread over the registration order. */
    InetSocketAddress[] everyNth(int step) {
        InetSocketAddress[] out = new InetSocketAddress[Math.ceilDiv(addresses.length, step)];
        for (int i = 0; i < out.length; i++) {
            out[i] = addresses[i * step];
        }
        return out;
    }

    @Override
    public void close() {
        transports.forEach(UdpTransport::close);
    }
}
