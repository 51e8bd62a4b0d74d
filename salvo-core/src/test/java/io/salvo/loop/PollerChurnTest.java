package io.salvo.loop;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.udp.UdpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registrations come and go from several threads at once while one transport carries steady
 * traffic: nothing it receives is lost or delivered twice, no handler ever sees another
 * transport's datagrams (descriptor numbers are reused all the time here), and the count ends
 * where it should.
 */
class PollerChurnTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void registerAndUnregisterFromManyThreadsWhileTrafficFlows() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        LoopConfig config = LoopConfig.defaults().withErrorHandler(e -> {
            failures.add(e);
            return LoopErrorHandler.Action.CONTINUE;
        });
        AtomicLong steadyReceived = new AtomicLong();
        AtomicLong foreignCalls = new AtomicLong();
        try (Poller poller = Poller.start("churn-poller", config);
             UdpTransport steady = UdpTransport.bind(LOCAL);
             UdpTransport sender = UdpTransport.bind(LOCAL)) {
            poller.register(steady, (batch, n) -> steadyReceived.addAndGet(n));
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> churners = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                churners.add(Thread.ofPlatform().start(() -> {
                    try (UdpTransport own = UdpTransport.bind(LOCAL)) { // one sending thread per transport
                        while (running.get()) {
                            UdpTransport u = UdpTransport.bind(LOCAL);
                            AtomicLong mine = new AtomicLong();
                            poller.register(u, (batch, n) -> {
                                if (mine.addAndGet(n) > 1) {
                                    foreignCalls.incrementAndGet(); // only one datagram was ever sent to u
                                }
                            });
                            own.send(DatagramBuffer.allocate().writeInt(1), u.localAddress());
                            poller.unregister(u);
                            if (u.localAddress().getPort() % 2 == 0) {
                                u.close(); // half are closed without waiting: the poller hears of it
                            } else {
                                Thread.sleep(1);
                                u.close();
                            }
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }));
            }
            int sent = 10_000;
            DatagramBuffer d = DatagramBuffer.allocate().writeLong(0);
            for (int i = 0; i < sent; i++) {
                assertThat(Senders.send(sender, d, steady.localAddress(), java.time.Duration.ofSeconds(5)).isSent()).isTrue();
                if (i % 200 == 0) {
                    Thread.sleep(1); // let the receiver keep up: this test is about churn, not overflow
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (steadyReceived.get() + steady.stats().drops(io.salvo.transport.DropCause.KERNEL_RECEIVE_OVERFLOW) < sent
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            running.set(false);
            for (Thread t : churners) {
                t.join(10_000);
            }
            assertThat(steadyReceived.get() + steady.stats().drops(io.salvo.transport.DropCause.KERNEL_RECEIVE_OVERFLOW))
                    .as("every datagram of the steady transport is delivered or counted by the kernel").isEqualTo(sent);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (poller.registered() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(poller.registered()).as("only the steady transport is left").isEqualTo(1);
        }
        assertThat(failures).isEmpty();
        assertThat(foreignCalls.get()).as("datagrams a handler got that were not its transport's").isZero();
    }
}
