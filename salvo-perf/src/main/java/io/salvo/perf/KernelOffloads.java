package io.salvo.perf;

import io.salvo.transport.Capabilities;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Which UDP offloads the kernel offers, asked once per run by opening a throw-away native socket on
 * loopback and reading its {@link Capabilities}: salvo-perf uses GSO and GRO by default where they
 * exist, so a first run shows what Salvo does on this machine rather than plain sockets.
 */
final class KernelOffloads {

    /** What an IPv4 socket and an IPv6 socket reported, each asked once. */
    private static volatile Capabilities probedV4;
    private static volatile Capabilities probedV6;

    private KernelOffloads() {
    }

    /** The capabilities of a native UDP socket here (IPv4 loopback, or IPv6 when asked). Blocking; opens a socket once per family. */
    static Capabilities of(boolean ipv6) {
        Capabilities c = ipv6 ? probedV6 : probedV4;
        if (c == null) {
            String loopback = ipv6 ? "::1" : "127.0.0.1";
            // GRO shows in the capabilities only where it was asked for and the kernel took it.
            UdpOptions askForAll = UdpOptions.builder().gro(true).build();
            try (UdpTransport t = UdpTransport.bind(new InetSocketAddress(loopback, 0), askForAll)) {
                c = t.capabilities();
            } catch (IOException e) {
                throw new UncheckedIOException("could not open a UDP socket on " + loopback + " to ask which offloads "
                        + "the kernel has: " + e.getMessage(), e);
            }
            if (ipv6) {
                probedV6 = c;
            } else {
                probedV4 = c;
            }
        }
        return c;
    }
}
