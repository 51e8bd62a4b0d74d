package io.salvo.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers for the stream fixtures. */
public final class Streams {

    private Streams() {
    }

    /** Waits for and accepts one connection (fails after the peer deadline). */
    public static <T extends StreamTransport> T acceptOne(StreamListener<T> listener) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            T t = listener.accept();
            if (t != null) {
                return t;
            }
            listener.awaitAcceptable(1_000_000_000L);
        }
        throw new AssertionError("nothing to accept on " + listener);
    }

    /** A TCP address on {@code host} where nothing listens (a port that was just free). */
    public static InetSocketAddress unusedTcpAddress(String host) throws IOException {
        InetAddress ip = InetAddress.getByName(host);
        try (ServerSocket s = new ServerSocket(0, 1, ip)) {
            return new InetSocketAddress(ip, s.getLocalPort());
        }
    }

    public static void assertKind(StreamTransport t, String kind) {
        assertThat(t.capabilities().kind()).isEqualTo(kind);
    }
}
