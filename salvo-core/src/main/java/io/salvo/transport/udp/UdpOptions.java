package io.salvo.transport.udp;

import java.util.Objects;

/**
 * Settings applied when a UDP transport opens. Immutable; start from {@link #defaults()} or
 * {@link #builder()}. Settings the kernel refuses make {@code UdpTransport.bind} throw, except the
 * receive offloads (packet info, ECN, timestamps, overflow counter, GRO), which are probed: what
 * the kernel grants shows in {@link io.salvo.transport.DatagramTransport#capabilities()}.
 */
public final class UdpOptions {

    /** Which implementation to use. */
    public enum Implementation {
        /** Native on Linux with native access, else the NIO fallback (logged once). */
        AUTO,
        /** Native only; opening fails with {@link UnsupportedOperationException} where unavailable. */
        NATIVE,
        /** Always the {@code DatagramChannel} fallback. */
        NIO
    }

    /** Path-MTU discovery mode (IP_MTU_DISCOVER / IPV6_MTU_DISCOVER). */
    public enum PathMtuDiscovery {
        /** Leave the kernel default. */
        KERNEL_DEFAULT,
        /** Set don't-fragment; datagrams over the path MTU fail with EMSGSIZE (IP_PMTUDISC_DO). */
        DONT_FRAGMENT,
        /** Set don't-fragment but ignore the cached path MTU, to probe it (IP_PMTUDISC_PROBE). */
        PROBE,
        /** Allow fragmentation (IP_PMTUDISC_DONT). */
        ALLOW_FRAGMENTATION
    }

    final Implementation implementation;
    final int receiveBufferSize;
    final int sendBufferSize;
    final boolean forceBufferSizes;
    final boolean reuseAddress;
    final boolean reusePort;
    final boolean broadcast;
    final String bindToDevice;
    final boolean ipv6Only;
    final int trafficClass;
    final PathMtuDiscovery pathMtuDiscovery;
    final int busyPollMicros;
    final int multicastHops;
    final Boolean multicastLoop;
    final String multicastInterface;
    final boolean packetInfo;
    final boolean ecn;
    final boolean receiveTimestamps;
    final boolean receiveQueueOverflow;
    final boolean gro;
    final boolean gsoCoalescing;

    private UdpOptions(Builder b) {
        implementation = b.implementation;
        receiveBufferSize = b.receiveBufferSize;
        sendBufferSize = b.sendBufferSize;
        forceBufferSizes = b.forceBufferSizes;
        reuseAddress = b.reuseAddress;
        reusePort = b.reusePort;
        broadcast = b.broadcast;
        bindToDevice = b.bindToDevice;
        ipv6Only = b.ipv6Only;
        trafficClass = b.trafficClass;
        pathMtuDiscovery = b.pathMtuDiscovery;
        busyPollMicros = b.busyPollMicros;
        multicastHops = b.multicastHops;
        multicastLoop = b.multicastLoop;
        multicastInterface = b.multicastInterface;
        packetInfo = b.packetInfo;
        ecn = b.ecn;
        receiveTimestamps = b.receiveTimestamps;
        receiveQueueOverflow = b.receiveQueueOverflow;
        gro = b.gro;
        gsoCoalescing = b.gsoCoalescing;
    }

    /** Kernel defaults, the receive-queue overflow counter on, every other offload off, AUTO implementation. */
    public static UdpOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.implementation = implementation;
        b.receiveBufferSize = receiveBufferSize;
        b.sendBufferSize = sendBufferSize;
        b.forceBufferSizes = forceBufferSizes;
        b.reuseAddress = reuseAddress;
        b.reusePort = reusePort;
        b.broadcast = broadcast;
        b.bindToDevice = bindToDevice;
        b.ipv6Only = ipv6Only;
        b.trafficClass = trafficClass;
        b.pathMtuDiscovery = pathMtuDiscovery;
        b.busyPollMicros = busyPollMicros;
        b.multicastHops = multicastHops;
        b.multicastLoop = multicastLoop;
        b.multicastInterface = multicastInterface;
        b.packetInfo = packetInfo;
        b.ecn = ecn;
        b.receiveTimestamps = receiveTimestamps;
        b.receiveQueueOverflow = receiveQueueOverflow;
        b.gro = gro;
        b.gsoCoalescing = gsoCoalescing;
        return b;
    }

    public Implementation implementation() {
        return implementation;
    }

    public boolean packetInfo() {
        return packetInfo;
    }

    public boolean gro() {
        return gro;
    }

    /** Builder for {@link UdpOptions}; every setting defaults to "leave it to the kernel". */
    public static final class Builder {
        private Implementation implementation = Implementation.AUTO;
        private int receiveBufferSize;
        private int sendBufferSize;
        private boolean forceBufferSizes;
        private boolean reuseAddress;
        private boolean reusePort;
        private boolean broadcast;
        private String bindToDevice;
        private boolean ipv6Only;
        private int trafficClass;
        private PathMtuDiscovery pathMtuDiscovery = PathMtuDiscovery.KERNEL_DEFAULT;
        private int busyPollMicros;
        private int multicastHops = -1;
        private Boolean multicastLoop;
        private String multicastInterface;
        private boolean packetInfo;
        private boolean ecn;
        private boolean receiveTimestamps;
        private boolean receiveQueueOverflow;
        private boolean gro;
        private boolean gsoCoalescing = true;

        private Builder() {
        }

        public Builder implementation(Implementation i) {
            implementation = Objects.requireNonNull(i);
            return this;
        }

        /** SO_RCVBUF in bytes (the kernel doubles it for bookkeeping); 0 leaves the default. */
        public Builder receiveBufferSize(int bytes) {
            receiveBufferSize = nonNegative("receiveBufferSize", bytes);
            return this;
        }

        /** SO_SNDBUF in bytes; 0 leaves the default. */
        public Builder sendBufferSize(int bytes) {
            sendBufferSize = nonNegative("sendBufferSize", bytes);
            return this;
        }

        /** Use SO_RCVBUFFORCE/SO_SNDBUFFORCE to pass the system limits where permitted (CAP_NET_ADMIN); else the plain options. */
        public Builder forceBufferSizes(boolean force) {
            forceBufferSizes = force;
            return this;
        }

        public Builder reuseAddress(boolean on) {
            reuseAddress = on;
            return this;
        }

        /** SO_REUSEPORT: several sockets bind the same port and the kernel spreads datagrams over them. */
        public Builder reusePort(boolean on) {
            reusePort = on;
            return this;
        }

        public Builder broadcast(boolean on) {
            broadcast = on;
            return this;
        }

        /** SO_BINDTODEVICE: only traffic through this interface (needs CAP_NET_RAW). */
        public Builder bindToDevice(String interfaceName) {
            bindToDevice = interfaceName;
            return this;
        }

        /** For IPv6 sockets: refuse IPv4 (IPV6_V6ONLY). Default false: dual-stack. */
        public Builder ipv6Only(boolean on) {
            ipv6Only = on;
            return this;
        }

        /** IP_TOS / IPV6_TCLASS byte (DSCP and ECN) for every datagram. */
        public Builder trafficClass(int tos) {
            if (tos < 0 || tos > 255) {
                throw new IllegalArgumentException("traffic class must be 0..255, got " + tos);
            }
            trafficClass = tos;
            return this;
        }

        public Builder pathMtuDiscovery(PathMtuDiscovery mode) {
            pathMtuDiscovery = Objects.requireNonNull(mode);
            return this;
        }

        /** SO_BUSY_POLL: microseconds the kernel busy-polls the device on a blocking receive. */
        public Builder busyPollMicros(int micros) {
            busyPollMicros = nonNegative("busyPollMicros", micros);
            return this;
        }

        /** Multicast TTL / hop limit; -1 leaves the default (1). */
        public Builder multicastHops(int hops) {
            if (hops < -1 || hops > 255) {
                throw new IllegalArgumentException("multicast hops must be -1..255, got " + hops);
            }
            multicastHops = hops;
            return this;
        }

        /** Whether this host's own multicast sends loop back to its sockets; null leaves the default (on). */
        public Builder multicastLoop(Boolean on) {
            multicastLoop = on;
            return this;
        }

        /** Interface (by name) multicast datagrams leave through; null leaves the routing default. */
        public Builder multicastInterface(String interfaceName) {
            multicastInterface = interfaceName;
            return this;
        }

        /** Report the local destination address and interface of every received datagram (IP_PKTINFO). */
        public Builder packetInfo(boolean on) {
            packetInfo = on;
            return this;
        }

        /** Report the ECN bits of every received datagram (IP_RECVTOS / IPV6_RECVTCLASS). */
        public Builder ecn(boolean on) {
            ecn = on;
            return this;
        }

        /** Kernel receive timestamps per datagram (SO_TIMESTAMPNS). */
        public Builder receiveTimestamps(boolean on) {
            receiveTimestamps = on;
            return this;
        }

        /**
         * A per-datagram {@code SO_RXQ_OVFL} control message carrying the kernel's running count of
         * datagrams its full receive queue dropped, so each received batch brings the count up to
         * date. Default off: the kernel writes that message into every datagram, a measurable share
         * of a small-datagram receiver's time, and {@link io.salvo.transport.DatagramTransport#stats()}
         * reads the same count anyway ({@code SO_MEMINFO}) whenever a snapshot is taken.
         */
        public Builder receiveQueueOverflow(boolean on) {
            receiveQueueOverflow = on;
            return this;
        }

        /** UDP generic receive offload: the kernel coalesces same-flow datagrams (UDP_GRO). */
        public Builder gro(boolean on) {
            gro = on;
            return this;
        }

        /**
         * Whether {@code sendBatch} sends runs of consecutive, equal-size slots to one peer as single
         * GSO messages (zero-copy, the kernel splits them back into the same datagrams). Default on;
         * has effect only where the kernel supports UDP GSO.
         */
        public Builder gsoCoalescing(boolean on) {
            gsoCoalescing = on;
            return this;
        }

        public UdpOptions build() {
            return new UdpOptions(this);
        }

        private static int nonNegative(String name, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, got " + v);
            }
            return v;
        }
    }
}
