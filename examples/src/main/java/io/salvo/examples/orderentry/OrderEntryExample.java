package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.CancelOrder;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Side;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The protocol in a few lines: an exchange on a free loopback port, a trader who logs in and sends
 * a good order (blocking), a bad one (spinning) and a cancel (asynchronous). The lines between the
 * {@code README} markers are the README's example; a test keeps the two the same.
 */
public final class OrderEntryExample {

    private OrderEntryExample() {
    }

    /** Runs the example and prints the answers. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the example, printing the three answers to {@code out}, one a line. */
    static void run(PrintStream out) throws IOException {
        // README:begin
        InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (OrderEntryServer exchange = OrderEntryServer.tcp(anyPort, Map.of("alice", "s3cret"), Set.of("ACME", "INITECH"));
             OrderEntryClient alice = OrderEntryClient.tcp(exchange.localAddress(), "alice", "s3cret")) { // logged in
            OrderEntry ack = alice.request(new NewOrder(1, "ACME", Side.BUY, 100, 12_345));          // blocking: parks
            OrderEntry reject = alice.requestSpinning(new NewOrder(2, "ACME", Side.SELL, 0, 12_345), // spins; quantity 0:
                    Duration.ofSeconds(5));                                                           // a Reject from the hooks
            OrderEntry cancelled = alice.requestAsync(new CancelOrder(1)).join();                    // a future
            out.println(ack + "\n" + reject + "\n" + cancelled);
        }
        // README:end
    }
}
