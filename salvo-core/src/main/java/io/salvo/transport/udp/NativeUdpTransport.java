package io.salvo.transport.udp;

import io.salvo.internal.SocketAddressCodec;
import io.salvo.internal.linux.LinuxConstants;
import io.salvo.internal.linux.NativeDatagramTransport;
import io.salvo.internal.linux.NativeLayouts;
import io.salvo.internal.linux.NativeSocket;
import io.salvo.internal.linux.SocketCalls;
import io.salvo.internal.packet.BatchState;
import io.salvo.transport.Capabilities;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;

import static io.salvo.internal.linux.LinuxConstants.IPPROTO_IP;
import static io.salvo.internal.linux.LinuxConstants.IPPROTO_IPV6;
import static io.salvo.internal.linux.LinuxConstants.SOL_SOCKET;
import static io.salvo.internal.linux.LinuxConstants.SOL_UDP;

/** The native UDP transport: {@link NativeDatagramTransport} plus UDP addressing, options and multicast. */
final class NativeUdpTransport extends NativeDatagramTransport implements UdpTransport {

    private final boolean ipv6;
    private final Capabilities capabilities;
    private final InetSocketAddress local;
    private volatile InetSocketAddress remote;

    private NativeUdpTransport(NativeSocket socket, boolean ipv6, boolean receiveControl, Capabilities capabilities,
                               int trafficClass) throws IOException {
        super(socket, receiveControl);
        this.ipv6 = ipv6;
        this.capabilities = capabilities;
        this.trafficClassBase = trafficClass & ~3;
        this.local = (InetSocketAddress) SocketCalls.localAddress(socket);
    }

    static NativeUdpTransport open(InetSocketAddress bindAddress, UdpOptions o) throws IOException {
        if (bindAddress.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        boolean v6 = bindAddress.getAddress() instanceof Inet6Address;
        NativeSocket s = NativeSocket.open(v6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET);
        try {
            applyOptions(s, v6, o);
            boolean pktinfo = o.packetInfo && probeIp(s, v6, LinuxConstants.IP_PKTINFO, LinuxConstants.IPV6_RECVPKTINFO);
            boolean ecn = o.ecn && probeIp(s, v6, LinuxConstants.IP_RECVTOS, LinuxConstants.IPV6_RECVTCLASS);
            boolean timestamps = o.receiveTimestamps && SocketCalls.trySetInt(s, SOL_SOCKET, LinuxConstants.SO_TIMESTAMPNS, 1);
            boolean rxqOverflow = o.receiveQueueOverflow && SocketCalls.trySetInt(s, SOL_SOCKET, LinuxConstants.SO_RXQ_OVFL, 1);
            boolean gro = o.gro && SocketCalls.trySetInt(s, SOL_UDP, LinuxConstants.UDP_GRO, 1);
            boolean gso = probeGso(s);
            SocketCalls.addressCall(s, "bind(" + bindAddress + ")",
                    (seg, off) -> SocketAddressCodec.encode(bindAddress, seg, off), false);
            boolean dropCount = rxqOverflow || SocketCalls.receiveQueueDrops(s) >= 0;
            Capabilities caps = new Capabilities("native-udp", true, gso, gro, pktinfo, ecn, timestamps, dropCount,
                    LinuxConstants.UIO_MAXIOV);
            NativeUdpTransport t = new NativeUdpTransport(s, v6, pktinfo || ecn || timestamps || rxqOverflow || gro, caps,
                    o.trafficClass);
            t.gsoCoalescing = gso && o.gsoCoalescing;
            t.receiveGro = gro;
            int deviceMtu = boundDeviceMtu(bindAddress, o);
            if (deviceMtu > 0) {
                t.capGsoSegments(deviceMtu - headerBytes(v6));
            }
            return t;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The MTU of the one interface the socket is bound to (by address or device), or 0 when that is not one. */
    private static int boundDeviceMtu(InetSocketAddress bindAddress, UdpOptions o) {
        try {
            NetworkInterface ni = o.bindToDevice != null ? NetworkInterface.getByName(o.bindToDevice)
                    : bindAddress.getAddress().isAnyLocalAddress() ? null
                    : NetworkInterface.getByInetAddress(bindAddress.getAddress());
            return ni == null ? 0 : ni.getMTU();
        } catch (java.net.SocketException e) {
            return 0; // not knowing the device only means learning the path MTU from the kernel's refusals
        }
    }

    /** IP and UDP header bytes: what lies between the link MTU and the largest payload. */
    private static int headerBytes(boolean ipv6Path) {
        return ipv6Path ? 48 : 28;
    }

    private static void applyOptions(NativeSocket s, boolean v6, UdpOptions o) throws IOException {
        if (v6) {
            SocketCalls.setInt(s, IPPROTO_IPV6, LinuxConstants.IPV6_V6ONLY, o.ipv6Only ? 1 : 0, "IPV6_V6ONLY");
        }
        if (o.reuseAddress) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
        }
        if (o.reusePort) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_REUSEPORT, 1, "SO_REUSEPORT");
        }
        if (o.broadcast) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_BROADCAST, 1, "SO_BROADCAST");
        }
        if (o.receiveBufferSize > 0) {
            setBufferSize(s, LinuxConstants.SO_RCVBUFFORCE, LinuxConstants.SO_RCVBUF, o.receiveBufferSize, o.forceBufferSizes);
        }
        if (o.sendBufferSize > 0) {
            setBufferSize(s, LinuxConstants.SO_SNDBUFFORCE, LinuxConstants.SO_SNDBUF, o.sendBufferSize, o.forceBufferSizes);
        }
        if (o.bindToDevice != null) {
            byte[] name = o.bindToDevice.getBytes(StandardCharsets.US_ASCII);
            SocketCalls.setBytes(s, SOL_SOCKET, LinuxConstants.SO_BINDTODEVICE, name.length + 1,
                    seg -> MemorySegment.copy(name, 0, seg, ValueLayout.JAVA_BYTE, 0, name.length), "SO_BINDTODEVICE");
        }
        if (o.trafficClass != 0) {
            setIp(s, v6, LinuxConstants.IP_TOS, LinuxConstants.IPV6_TCLASS, o.trafficClass, "IP_TOS");
        }
        if (o.pathMtuDiscovery != UdpOptions.PathMtuDiscovery.KERNEL_DEFAULT) {
            int mode = switch (o.pathMtuDiscovery) {
                case DONT_FRAGMENT -> LinuxConstants.IP_PMTUDISC_DO;
                case PROBE -> LinuxConstants.IP_PMTUDISC_PROBE;
                default -> LinuxConstants.IP_PMTUDISC_DONT;
            };
            setIp(s, v6, LinuxConstants.IP_MTU_DISCOVER, LinuxConstants.IPV6_MTU_DISCOVER, mode, "MTU_DISCOVER");
        }
        if (o.busyPollMicros > 0) {
            SocketCalls.setInt(s, SOL_SOCKET, LinuxConstants.SO_BUSY_POLL, o.busyPollMicros, "SO_BUSY_POLL");
        }
        if (o.multicastHops >= 0) {
            setIp(s, v6, LinuxConstants.IP_MULTICAST_TTL, LinuxConstants.IPV6_MULTICAST_HOPS, o.multicastHops, "MULTICAST_TTL");
        }
        if (o.multicastLoop != null) {
            setIp(s, v6, LinuxConstants.IP_MULTICAST_LOOP, LinuxConstants.IPV6_MULTICAST_LOOP, o.multicastLoop ? 1 : 0,
                    "MULTICAST_LOOP");
        }
        if (o.multicastInterface != null) {
            int index = SocketCalls.interfaceIndex(o.multicastInterface);
            SocketCalls.setBytes(s, IPPROTO_IP, LinuxConstants.IP_MULTICAST_IF, NativeLayouts.IP_MREQN.byteSize(),
                    seg -> seg.set(ValueLayout.JAVA_INT, 8, index), "IP_MULTICAST_IF");
            if (v6) {
                SocketCalls.setInt(s, IPPROTO_IPV6, LinuxConstants.IPV6_MULTICAST_IF, index, "IPV6_MULTICAST_IF");
            }
        }
    }

    /** Sets an IPv4-level option, and on an IPv6 socket the IPv6 twin too (IPv4 level best-effort for dual-stack). */
    private static void setIp(NativeSocket s, boolean v6, int ipName, int ipv6Name, int value, String what)
            throws IOException {
        if (v6) {
            SocketCalls.setInt(s, IPPROTO_IPV6, ipv6Name, value, what);
            SocketCalls.trySetInt(s, IPPROTO_IP, ipName, value);
        } else {
            SocketCalls.setInt(s, IPPROTO_IP, ipName, value, what);
        }
    }

    private static boolean probeIp(NativeSocket s, boolean v6, int ipName, int ipv6Name) throws IOException {
        if (v6) {
            boolean ok = SocketCalls.trySetInt(s, IPPROTO_IPV6, ipv6Name, 1);
            SocketCalls.trySetInt(s, IPPROTO_IP, ipName, 1); // IPv4 traffic on a dual-stack socket
            return ok;
        }
        return SocketCalls.trySetInt(s, IPPROTO_IP, ipName, 1);
    }

    private static boolean probeGso(NativeSocket s) {
        try {
            SocketCalls.getInt(s, SOL_UDP, LinuxConstants.UDP_SEGMENT, "UDP_SEGMENT");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void setBufferSize(NativeSocket s, int forceName, int plainName, int bytes, boolean force)
            throws IOException {
        if (force && SocketCalls.trySetInt(s, SOL_SOCKET, forceName, bytes)) {
            return;
        }
        SocketCalls.setInt(s, SOL_SOCKET, plainName, bytes, plainName == LinuxConstants.SO_RCVBUF ? "SO_RCVBUF" : "SO_SNDBUF");
    }

    @Override
    protected int encodeTarget(SocketAddress target, MemorySegment seg, long offset) {
        if (!(target instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("a UDP socket sends to InetSocketAddress, got " + target);
        }
        if (inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (ipv6 && inet.getAddress() instanceof Inet4Address v4) {
            return SocketAddressCodec.encodeMappedV4(v4, inet.getPort(), seg, offset);
        }
        return SocketAddressCodec.encodeInet(inet.getAddress(), inet.getPort(), seg, offset, inet);
    }

    @Override
    protected boolean sendsOverIpv4(BatchState b, int slot) {
        if (!ipv6) {
            return true;
        }
        short family = SocketAddressCodec.family(b.names, BatchState.nameOffset(slot));
        if (family == SocketAddressCodec.AF_INET || SocketAddressCodec.isV4Mapped(b.names, BatchState.nameOffset(slot))) {
            return true; // a v4-mapped destination leaves by the kernel's IPv4 path, which reads IPv4 control messages
        }
        InetSocketAddress peer = remote;
        return family == SocketAddressCodec.AF_UNSPEC && peer != null && peer.getAddress() instanceof Inet4Address;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities.gso() && gsoRefusedEverywhere() ? capabilities.withoutGso() : capabilities;
    }

    @Override
    protected int connectedPathMaxPayload() {
        InetSocketAddress peer = remote;
        if (peer == null) {
            return UNKNOWN_PATH_LIMIT;
        }
        boolean v4Path = peer.getAddress() instanceof Inet4Address;
        try {
            int mtu = v4Path ? SocketCalls.getInt(socket, IPPROTO_IP, LinuxConstants.IP_MTU, "IP_MTU")
                    : SocketCalls.getInt(socket, IPPROTO_IPV6, LinuxConstants.IPV6_MTU, "IPV6_MTU");
            return mtu > 0 ? mtu - headerBytes(!v4Path) : UNKNOWN_PATH_LIMIT;
        } catch (IOException e) {
            return UNKNOWN_PATH_LIMIT; // the kernel cannot say (no route yet): learn from refusals instead
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void connect(InetSocketAddress peer) throws IOException {
        SocketCalls.addressCall(socket, "connect(" + peer + ")", (seg, off) -> encodeTarget(peer, seg, off), true);
        remote = peer;
        connected = true;
        connectedPathChanged(connectedPathMaxPayload());
    }

    @Override
    public void disconnect() throws IOException {
        // connect() to AF_UNSPEC dissolves the association.
        SocketCalls.addressCall(socket, "disconnect", (seg, off) -> {
            seg.fill((byte) 0);
            return SocketAddressCodec.SOCKADDR_IN_SIZE;
        }, true);
        connected = false;
        remote = null;
        connectedPathChanged(UNKNOWN_PATH_LIMIT);
        // Linux releases an automatically chosen port on disconnect; take the same address back.
        InetSocketAddress now = (InetSocketAddress) SocketCalls.localAddress(socket);
        if (now.getPort() != local.getPort()) {
            SocketCalls.addressCall(socket, "bind(" + local + ") after disconnect",
                    (seg, off) -> SocketAddressCodec.encode(local, seg, off), false);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface ni) throws IOException {
        membership(LinuxConstants.MCAST_JOIN_GROUP, group, null, ni);
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface ni) throws IOException {
        membership(LinuxConstants.MCAST_LEAVE_GROUP, group, null, ni);
    }

    @Override
    public void joinSourceGroup(InetAddress group, InetAddress source, NetworkInterface ni) throws IOException {
        membership(LinuxConstants.MCAST_JOIN_SOURCE_GROUP, group, source, ni);
    }

    @Override
    public void leaveSourceGroup(InetAddress group, InetAddress source, NetworkInterface ni) throws IOException {
        membership(LinuxConstants.MCAST_LEAVE_SOURCE_GROUP, group, source, ni);
    }

    /** Protocol-independent multicast membership (group_req / group_source_req), IPv4 and IPv6 alike. */
    private void membership(int op, InetAddress group, InetAddress source, NetworkInterface ni) throws IOException {
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group + " is not a multicast address");
        }
        int level = group instanceof Inet4Address ? IPPROTO_IP : IPPROTO_IPV6;
        int index = ni == null ? 0 : ni.getIndex();
        boolean withSource = source != null;
        long size = withSource ? NativeLayouts.GROUP_SOURCE_REQ.byteSize() : NativeLayouts.GROUP_REQ.byteSize();
        SocketCalls.setBytes(socket, level, op, size, seg -> {
            seg.set(ValueLayout.JAVA_INT, 0, index);
            SocketAddressCodec.encodeInet(group, 0, seg, withSource ? NativeLayouts.GSR_GROUP : NativeLayouts.GR_GROUP, group);
            if (withSource) {
                SocketAddressCodec.encodeInet(source, 0, seg, NativeLayouts.GSR_SOURCE, source);
            }
        }, "multicast membership " + group);
    }

    @Override
    public int receiveBufferSize() throws IOException {
        return SocketCalls.getInt(socket, SOL_SOCKET, LinuxConstants.SO_RCVBUF, "SO_RCVBUF");
    }

    @Override
    public int sendBufferSize() throws IOException {
        return SocketCalls.getInt(socket, SOL_SOCKET, LinuxConstants.SO_SNDBUF, "SO_SNDBUF");
    }

    @Override
    public String toString() {
        return "UdpTransport[native, " + local + (remote == null ? "" : " -> " + remote) + "]";
    }
}
