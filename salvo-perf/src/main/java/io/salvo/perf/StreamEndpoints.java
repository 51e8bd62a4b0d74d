package io.salvo.perf;

import io.salvo.stream.StreamCapabilities;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamListener;
import io.salvo.stream.unix.UnixStreamTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening stream connections and listeners for salvo-perf, with failures turned into the one-line
 * {@link EndpointException}s the commands exit with.
 */
final class StreamEndpoints {

    /** How long a connect, or the accept of a connection the test itself made, may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private StreamEndpoints() {
    }

    static TcpListener listenTcp(InetSocketAddress at, TcpOptions options) throws EndpointException {
        try {
            return TcpListener.bind(at, options);
        } catch (IOException e) {
            throw Addresses.bindFailed(at, e);
        }
    }

    static UnixStreamListener listenUnix(SocketAddress at) throws EndpointException {
        try {
            return UnixStreamListener.bind(at, 128);
        } catch (IOException e) {
            throw Addresses.bindFailed(at, e);
        }
    }

    static TcpTransport connectTcp(InetSocketAddress to, TcpOptions options) throws EndpointException {
        try {
            return TcpTransport.connect(to, options, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw Addresses.connectFailed(to, e);
        }
    }

    static UnixStreamTransport connectUnix(SocketAddress to) throws EndpointException {
        try {
            return UnixStreamTransport.connect(to, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw Addresses.connectFailed(to, e);
        }
    }

    /** Accepts the connection the caller has just made to its own listener. */
    static <T extends StreamTransport> T acceptOwn(StreamListener<T> listener) throws IOException {
        long giveUp = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < giveUp) {
            T t = listener.accept();
            if (t != null) {
                return t;
            }
            listener.awaitAcceptable(100_000_000L);
        }
        throw new SocketTimeoutException("the listener did not see our own connection within " + CONNECT_TIMEOUT);
    }

    /**
     * {@code n} connections to a TCP listener of this process: element 0 the connecting ends,
     * element 1 the accepted ends, pair {@code i} at index {@code i}. On failure, closes what it opened.
     */
    static List<List<TcpTransport>> tcpPairs(TcpListener listener, TcpOptions options, int n) throws IOException {
        List<TcpTransport> connecting = new ArrayList<>();
        List<TcpTransport> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                connecting.add(connectTcp(listener.localAddress(), options));
                accepted.add(acceptOwn(listener));
            }
            return List.of(connecting, accepted);
        } catch (IOException | RuntimeException e) {
            connecting.forEach(StreamTransport::close);
            accepted.forEach(StreamTransport::close);
            throw e;
        }
    }

    /** {@code native-tcp: native I/O, gathering writes, MSG_MORE}: the kind and what it can do. */
    static String describe(StreamCapabilities c) {
        List<String> can = new ArrayList<>();
        if (c.nativeIo()) {
            can.add("native I/O");
        }
        if (c.vectoredIo()) {
            can.add("gathering writes");
        }
        if (c.moreFlag()) {
            can.add("MSG_MORE");
        }
        return c.kind() + (can.isEmpty() ? "" : ": " + String.join(", ", can));
    }
}
