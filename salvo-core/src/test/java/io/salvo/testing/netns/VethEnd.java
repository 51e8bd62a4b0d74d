package io.salvo.testing.netns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One end of a {@link VethLink}: an interface inside a namespace, with its addresses. Host number
 * {@code h} of link {@code L} is {@code 10.213.L.h/24} and {@code fd00:5a1:0:L::h/64}; the ends
 * start with host 1 and 2, and {@link #addIpv4()}/{@link #addIpv6()} hand out more.
 */
public final class VethEnd {

    private final VethLink link;
    private final Netns namespace;
    private final String device;
    private final List<Inet4Address> ipv4 = new ArrayList<>();
    private final List<Inet6Address> ipv6 = new ArrayList<>();

    VethEnd(VethLink link, Netns namespace, String device) {
        this.link = link;
        this.namespace = namespace;
        this.device = device;
    }

    public Netns namespace() {
        return namespace;
    }

    /** Interface name inside the namespace. */
    public String device() {
        return device;
    }

    /** The interface index inside the namespace. */
    public int index() throws IOException {
        String out = namespace.ip("-o", "link", "show", "dev", device);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).strip());
    }

    /** The interface's MAC address, {@code aa:bb:cc:dd:ee:ff}. */
    public String mac() throws IOException {
        String line = namespace.ip("-o", "link", "show", "dev", device);
        int at = line.indexOf("link/ether ");
        if (at < 0) {
            throw new IOException("no MAC address in: " + line);
        }
        return line.substring(at + "link/ether ".length()).split("\\s+")[0];
    }

    /** The first IPv4 address. */
    public Inet4Address ipv4() {
        return ipv4.getFirst();
    }

    /** The first IPv6 address; skips the test where the kernel has no IPv6. */
    public Inet6Address ipv6() {
        assumeTrue(!ipv6.isEmpty(), "IPv6 is not available in this kernel");
        return ipv6.getFirst();
    }

    /** {@link #ipv4()} or {@link #ipv6()} with a port. */
    public InetSocketAddress socketAddress(boolean v6, int port) {
        return new InetSocketAddress(v6 ? ipv6() : ipv4(), port);
    }

    public List<Inet4Address> ipv4Addresses() {
        return List.copyOf(ipv4);
    }

    public List<Inet6Address> ipv6Addresses() {
        return List.copyOf(ipv6);
    }

    /** Adds the next free IPv4 address of the link's subnet to this end and returns it. */
    public Inet4Address addIpv4() throws IOException {
        Inet4Address a = (Inet4Address) parse("10.213." + link.number() + "." + link.nextHost());
        namespace.ip("-4", "addr", "add", a.getHostAddress() + "/24", "dev", device);
        ipv4.add(a);
        return a;
    }

    /** Adds the next free IPv6 address of the link's prefix (without duplicate address detection) and returns it. */
    public Inet6Address addIpv6() throws IOException {
        assumeTrue(link.lab().ipv6Available(), "IPv6 is not available in this kernel");
        Inet6Address a = (Inet6Address) parse("fd00:5a1:0:" + Integer.toHexString(link.number()) + "::"
                + Integer.toHexString(link.nextHost()));
        namespace.ip("-6", "addr", "add", a.getHostAddress() + "/64", "dev", device, "nodad");
        ipv6.add(a);
        return a;
    }

    void addFirstAddresses(int host) throws IOException {
        Inet4Address a = (Inet4Address) parse("10.213." + link.number() + "." + host);
        namespace.ip("-4", "addr", "add", a.getHostAddress() + "/24", "dev", device);
        ipv4.add(a);
        if (link.lab().ipv6Available()) {
            Inet6Address b = (Inet6Address) parse("fd00:5a1:0:" + Integer.toHexString(link.number()) + "::" + host);
            namespace.ip("-6", "addr", "add", b.getHostAddress() + "/64", "dev", device, "nodad");
            ipv6.add(b);
        }
    }

    /** Sets this end's MTU (the other end keeps its own). */
    public VethEnd mtu(int mtu) throws IOException {
        namespace.ip("link", "set", "dev", device, "mtu", Integer.toString(mtu));
        return this;
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public String toString() {
        return namespace.label() + ":" + device + " " + ipv4 + " " + ipv6;
    }
}
