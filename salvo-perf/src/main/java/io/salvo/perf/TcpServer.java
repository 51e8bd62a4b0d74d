package io.salvo.perf;

import io.salvo.stream.tcp.TcpListener;
import io.salvo.stream.tcp.TcpOptions;
import io.salvo.stream.tcp.TcpTransport;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code salvo-perf server --protocol tcp}: accepts connections from any sender of length32
 * frames and gives each a thread of its own ({@link ServerConnection}); the main thread accepts
 * (waiting in {@code poll(2)}), and keeps the books of the tests ({@link ServerTest}), printing a
 * report when each ends. A thread per connection keeps the receive path as short as the one
 * salvo-perf measures in one process, and its CPU time is the connection's alone; it suits the
 * handful of connections a throughput test opens. It stops at {@code --seconds}, at
 * {@code --exit-after}, or when its thread is interrupted (a host running salvo-perf in process).
 */
final class TcpServer {

    /** The main thread looks at the tests at least this often. */
    private static final long TICK_NANOS = 50_000_000L;

    private final InetSocketAddress bind;
    private final TcpOptions options;
    private final String transportName;
    private final long warmupNanos;
    private final long secondsNanos;
    private final double exitAfterSeconds;
    private final boolean json;

    /**
     * @param seconds          length of the measured window, after which the server reports and exits; 0: until the
     *                         test's connections have all ended, then the next test
     * @param exitAfterSeconds stop after this long whatever happens; 0: never
     */
    TcpServer(InetSocketAddress bind, TcpOptions options, String transportName, double warmupSeconds, double seconds,
              double exitAfterSeconds, boolean json) {
        this.bind = bind;
        this.options = options;
        this.transportName = transportName;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.secondsNanos = (long) (seconds * 1e9);
        this.exitAfterSeconds = exitAfterSeconds;
        this.json = json;
    }

    int run() throws IOException, InterruptedException {
        try (TcpListener listener = StreamEndpoints.listenTcp(bind, options)) {
            String where = Addresses.show(listener.localAddress());
            PrintStream info = json ? System.err : System.out;
            info.println("salvo-perf server listening on " + where + " (tcp, framing length32, "
                    + transportName + ", a thread per connection)");
            info.flush();
            List<ServerConnection> open = new ArrayList<>();
            long stopAt = exitAfterSeconds > 0 ? System.nanoTime() + (long) (exitAfterSeconds * 1e9) : Long.MAX_VALUE;
            ServerTest test = null;
            int accepted = 0;
            String capabilities = "";
            try {
                while (true) {
                    long now = System.nanoTime();
                    boolean interrupted = Thread.interrupted();
                    if (now >= stopAt || interrupted) {
                        if (test != null && test.windowStarted()) {
                            print(test.end(now, interrupted ? "stopped" : "--exit-after",
                                    new TcpServerReport.Setup(transportName, capabilities, where)));
                        }
                        return 0;
                    }
                    long wait = Math.min(TICK_NANOS, stopAt - now);
                    if (test != null) {
                        long due = test.windowStarted() ? (secondsNanos > 0 ? test.windowStartsAt() + secondsNanos : Long.MAX_VALUE)
                                : test.windowStartsAt();
                        wait = Math.max(1_000_000, Math.min(wait, due - now));
                    }
                    listener.awaitAcceptable(wait);
                    TcpTransport t;
                    while ((t = listener.accept()) != null) {
                        capabilities = StreamEndpoints.describe(t.capabilities());
                        ServerConnection c = new ServerConnection(t, accepted++);
                        open.add(c);
                        c.start();
                    }
                    now = System.nanoTime();
                    TcpServerReport.Setup setup = new TcpServerReport.Setup(transportName, capabilities, where);
                    for (ServerConnection c : open) {
                        if (c.isReceiving() && (test == null || !test.contains(c))) {
                            if (test == null) {
                                test = new ServerTest(c.firstFrameNanos(), warmupNanos);
                            }
                            test.add(c);
                        }
                    }
                    if (test != null) {
                        test.startWindowIfDue(now);
                        if (secondsNanos > 0 && test.windowStarted() && now >= test.windowStartsAt() + secondsNanos) {
                            print(test.end(now, "--seconds", setup));
                            return 0;
                        }
                        if (test.allEnded()) {
                            print(test.end(now, "connections closed", setup));
                            test = null;
                        }
                    }
                    open.removeIf(ServerConnection::hasEnded);
                }
            } finally {
                for (ServerConnection c : open) {
                    c.stop();
                }
            }
        }
    }

    private void print(TcpServerReport r) {
        if (json) {
            System.out.println(r.json());
            System.out.flush();
        } else {
            r.printSummary(System.out);
        }
    }
}
