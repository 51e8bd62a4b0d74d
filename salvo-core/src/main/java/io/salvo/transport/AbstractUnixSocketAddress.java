package io.salvo.transport;

import java.io.Serial;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * An address in Linux's abstract Unix-socket namespace: a name with no file behind it, gone when
 * the last socket bound to it closes. The JDK's {@link java.net.UnixDomainSocketAddress} covers
 * filesystem paths only.
 */
public final class AbstractUnixSocketAddress extends SocketAddress {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;

    /** @param name the name without the leading NUL byte the kernel uses to mark the namespace */
    public AbstractUnixSocketAddress(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbstractUnixSocketAddress other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "@" + name;
    }
}
