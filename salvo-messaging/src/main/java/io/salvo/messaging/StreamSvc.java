package io.salvo.messaging;

import io.salvo.loop.Poller;
import io.salvo.stream.StreamListener;
import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.unix.UnixStreamListener;
import io.salvo.transport.AbstractUnixSocketAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;

/** A {@link Svc} over a TCP or Unix stream listener, accepting on the poller thread. */
final class StreamSvc<T> extends AbstractSvc<T> {

    private final StreamListener<? extends StreamTransport> listener;

    private StreamSvc(MessagingConfig<T> config, StreamListener<? extends StreamTransport> listener,
                      MessagingPoller poller) {
        super(config, poller);
        this.listener = listener;
    }

    static <T> Svc<T> bind(SocketAddress local, MessagingConfig<T> config) throws IOException {
        StreamListener<? extends StreamTransport> listener = listen(local, config);
        MessagingPoller poller;
        try {
            poller = MessagingPoller.forConfig(config);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        StreamSvc<T> svc = new StreamSvc<>(config, listener, poller);
        try {
            register(poller.poller(), listener, svc);
        } catch (IllegalStateException stopped) {
            listener.close();
            MessagingPoller.release(config, poller);
            throw new IOException("the poller " + poller.name() + " has stopped", stopped);
        }
        return svc;
    }

    private static StreamListener<? extends StreamTransport> listen(SocketAddress local, MessagingConfig<?> config)
            throws IOException {
        if (local instanceof InetSocketAddress inet) {
            return TcpListener.bind(inet, config.tcpOptions());
        }
        if (local instanceof UnixDomainSocketAddress || local instanceof AbstractUnixSocketAddress) {
            return UnixStreamListener.bind(local, config.tcpOptions().backlog());
        }
        throw new IllegalArgumentException("cannot listen for streams on " + local
                + ": expected an InetSocketAddress, a UnixDomainSocketAddress or an AbstractUnixSocketAddress");
    }

    private static <S extends StreamTransport> void register(Poller poller, StreamListener<S> listener,
                                                             StreamSvc<?> svc) {
        poller.register(listener, svc::onAccepted);
    }

    /** A connection came in (poller thread): refused at capacity, else wrapped and started. */
    private void onAccepted(StreamTransport transport) {
        poller.notePollerThread();
        counters.accepted();
        if (closed.get() || !admit(transport.remoteAddress())) {
            transport.close();
            return;
        }
        if (!MessagingPoller.retain(config, poller)) { // the service is closing: its poller is going
            transport.close();
            return;
        }
        StreamConnection<T> c;
        try {
            c = StreamConnection.create(transport, config, poller, this, true, handler);
        } catch (RuntimeException e) {
            transport.close();
            MessagingPoller.release(config, poller);
            LOG.log(System.Logger.Level.WARNING, config.name() + ": could not set up an accepted connection", e);
            return;
        }
        live.add(c);
        if (closed.get()) { // closed while this one was being set up: its close loop may have missed it
            c.close(CloseCause.SHUTDOWN, "the service " + config.name() + " closed", null);
            return;
        }
        try {
            c.start();
        } catch (IOException closedAtOnce) {
            return; // counted by its close
        }
        if (!c.loginPending) {
            onReady(c);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return listener.localAddress();
    }

    @Override
    void stopListening() {
        poller.poller().unregister(listener);
        listener.close();
        if (listener.localAddress() instanceof UnixDomainSocketAddress path) {
            try {
                Files.deleteIfExists(path.getPath());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, config.name() + ": could not remove " + path, e);
            }
        }
    }

    @Override
    public String toString() {
        return "Svc[" + config.name() + " on " + listener.localAddress() + "]";
    }
}
