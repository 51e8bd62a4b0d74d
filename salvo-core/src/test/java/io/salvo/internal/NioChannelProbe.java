package io.salvo.internal;

import io.salvo.stream.StreamTransport;

import java.nio.channels.SocketChannel;

/** Test access to the channel under a fallback stream transport, to read its options back. */
public final class NioChannelProbe {

    private NioChannelProbe() {
    }

    public static SocketChannel channelOf(StreamTransport t) {
        return ((NioStreamTransport) t).channel;
    }
}
