package io.salvo.messaging;

import io.salvo.stream.StreamTransport;
import io.salvo.stream.tcp.TcpTransport;
import io.salvo.stream.unix.UnixStreamTransport;
import io.salvo.transport.AbstractUnixSocketAddress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Opens client connections: the attempts and back-off of the {@link RetryPolicy}, then the login.
 *
 * <p>The transports' {@code connect} waits for the kernel in {@code poll(2)}, a native call that
 * would pin a virtual thread's carrier for the whole wait; from a virtual thread it therefore runs
 * on a small pool of platform threads while the virtual thread parks on a future.
 */
final class StreamConnector {

    private static final System.Logger LOG = System.getLogger(Clt.class.getName());
    /** Up to 32 connects wait for the kernel at once; more queue (a connect on a local network takes microseconds). */
    private static final ExecutorService KERNEL_WAITS = kernelWaits();

    private StreamConnector() {
    }

    private static ExecutorService kernelWaits() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(32, 32, 10,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("salvo-messaging-connect-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static <T> Clt<T> connect(SocketAddress remote, MessagingConfig<T> config) throws IOException {
        RetryPolicy retry = config.retry();
        for (int attempt = 1; ; attempt++) {
            StreamTransport transport;
            try {
                transport = open(remote, config);
            } catch (IOException failed) {
                if (attempt >= retry.attempts() || failed instanceof InterruptedIOException) {
                    throw failed;
                }
                java.time.Duration wait = retry.backoffAfter(attempt);
                LOG.log(System.Logger.Level.INFO, config.name() + ": connecting to " + remote + " failed (attempt "
                        + attempt + " of " + retry.attempts() + ": " + failed + "); retrying in " + wait.toMillis() + " ms");
                sleep(wait);
                continue;
            }
            return establish(transport, config, true);
        }
    }

    static <T> Clt<T> over(StreamTransport transport, MessagingConfig<T> config) throws IOException {
        return establish(transport, config, false);
    }

    private static <T> Clt<T> establish(StreamTransport transport, MessagingConfig<T> config, boolean login)
            throws IOException {
        MessagingPoller poller;
        StreamConnection<T> c;
        try {
            poller = MessagingPoller.forConfig(config);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
        try {
            c = StreamConnection.create(transport, config, poller, ConnectionOwner.none(), false, null);
        } catch (RuntimeException e) { // the codec factory failed
            transport.close();
            MessagingPoller.release(config, poller);
            throw e;
        }
        c.start();
        if (login) {
            try {
                c.clientLogin();
            } catch (IOException | RuntimeException e) {
                c.close(CloseCause.HANDSHAKE_REJECTED, "the login failed: " + e, e); // a no-op if closed already
                throw e;
            }
        }
        return c;
    }

    /** One connection attempt, off the carrier when called from a virtual thread. */
    private static StreamTransport open(SocketAddress remote, MessagingConfig<?> config) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return openHere(remote, config);
        }
        CompletableFuture<StreamTransport> attempt = new CompletableFuture<>();
        KERNEL_WAITS.execute(() -> {
            try {
                attempt.complete(openHere(remote, config));
            } catch (IOException | RuntimeException e) {
                attempt.completeExceptionally(e);
            }
        });
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            attempt.thenAccept(StreamTransport::close); // nobody will take it now
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + remote);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    private static StreamTransport openHere(SocketAddress remote, MessagingConfig<?> config) throws IOException {
        if (remote instanceof InetSocketAddress inet) {
            return TcpTransport.connect(inet, config.tcpOptions(), config.connectTimeout());
        }
        if (remote instanceof UnixDomainSocketAddress || remote instanceof AbstractUnixSocketAddress) {
            return UnixStreamTransport.connect(remote, config.connectTimeout());
        }
        throw new IllegalArgumentException("cannot connect a stream to " + remote
                + ": expected an InetSocketAddress, a UnixDomainSocketAddress or an AbstractUnixSocketAddress");
    }

    private static void sleep(java.time.Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a connection");
        }
    }
}
