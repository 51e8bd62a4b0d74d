package io.salvo.perf;

import io.salvo.stream.BrokenPipeException;
import io.salvo.stream.ConnectionResetException;
import io.salvo.transport.AbstractUnixSocketAddress;

import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;

/**
 * The addresses salvo-perf takes on its command line, and the one-line messages for what goes
 * wrong with them. An internet address is {@code HOST:PORT}, {@code [IPV6]:PORT}, or a bare host
 * (an IPv6 literal needs no brackets then) with the port from elsewhere; a Unix one is a path, or
 * {@code @name} for Linux's abstract namespace.
 */
final class Addresses {

    private Addresses() {
    }

    /**
     * Parses {@code HOST:PORT}; a bare host takes {@code defaultPort} (-1: a port is required).
     *
     * @throws EndpointException if it does not parse or the host does not resolve
     */
    static InetSocketAddress inet(String text, int defaultPort) throws EndpointException {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw bad(text, defaultPort);
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text; // a name, an IPv4 address, or an IPv6 literal without brackets
            port = null;
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(text, defaultPort);
            }
        }
        if (host.isEmpty() || p < 0 || p > 65_535) {
            throw bad(text, defaultPort);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new EndpointException("bad address '" + text + "': unknown host " + host);
        }
    }

    private static EndpointException bad(String text, int defaultPort) {
        return new EndpointException("bad address '" + text + "': expected HOST:PORT or [IPV6]:PORT"
                + (defaultPort >= 0 ? " or HOST" : "") + ", with a port 0..65535");
    }

    /** A Unix socket address: {@code @name} in the abstract namespace, else a filesystem path. */
    static SocketAddress unix(String text) throws EndpointException {
        if (text.isEmpty() || text.equals("@")) {
            throw new EndpointException("bad address '" + text + "': expected a socket path or @name");
        }
        return text.startsWith("@") ? new AbstractUnixSocketAddress(text.substring(1)) : UnixDomainSocketAddress.of(text);
    }

    /** {@code 127.0.0.1:4433}, {@code [::1]:4433}, a path or {@code @name}: an address as people write it. */
    static String show(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /** The one-line reason a bind failed, as an {@link EndpointException}. */
    static EndpointException bindFailed(SocketAddress where, IOException e) {
        String why = e instanceof BindException ? "address in use or not local" : String.valueOf(e.getMessage());
        return new EndpointException("cannot listen on " + show(where) + ": " + why, e);
    }

    /** The one-line reason a connect failed, as an {@link EndpointException}. */
    static EndpointException connectFailed(SocketAddress where, IOException e) {
        String why = switch (e) {
            case ConnectException c -> "nothing listens there (connection refused)";
            case SocketTimeoutException t -> "no answer (timed out)";
            case NoRouteToHostException n -> "no route to the host";
            default -> String.valueOf(e.getMessage());
        };
        return new EndpointException("cannot connect to " + show(where) + ": " + why, e);
    }

    /** True for the ways a connection ends under a client: the peer closed, reset or went away. */
    static boolean isPeerGone(Throwable e) {
        return e instanceof EOFException || e instanceof ConnectionResetException || e instanceof BrokenPipeException
                || e instanceof SocketTimeoutException;
    }
}
