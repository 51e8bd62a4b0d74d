package io.salvo.perf;

import io.salvo.packet.PacketBatch;
import io.salvo.perf.sequence.ArrivalCounter;
import io.salvo.transport.udp.UdpOptions;
import io.salvo.transport.udp.UdpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf server}: counts the datagrams a client sends by their sequence numbers (see
 * {@link ArrivalCounter}), echoes its pings and reports its counters on request. One client at a
 * time: a client's RESET starts the count afresh. Waits in {@code awaitReadable} when idle, so it
 * burns no CPU between tests.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Receive a salvo-perf client's traffic, echo its pings, report counts. Runs until stopped.")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}; :: for IPv6 and IPv4).")
    String bind;

    @Option(names = "--port", defaultValue = "4433", description = "UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--batch", defaultValue = "64", description = "Messages per recvmmsg (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--gro", negatable = true, defaultValue = "false", description = "Receive with UDP GRO (default: off).")
    boolean gro;

    @Option(names = "--transport", defaultValue = "native", converter = PerfOptions.TransportConverter.class,
            description = "native or nio (default: ${DEFAULT-VALUE}).")
    PerfOptions.TransportKind transport;

    @Option(names = "--exit-after", defaultValue = "0", description = "Stop after this many seconds; 0 runs until killed (default: ${DEFAULT-VALUE}).")
    double exitAfterSeconds;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--port must be 0..65535, got " + port);
        }
        if (batch < 1 || batch > 1024) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--batch must be 1..1024, got " + batch);
        }
        if (transport == PerfOptions.TransportKind.LOOPBACK) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "server needs --transport native or nio (loopback is in-process only)");
        }
        UdpOptions options = UdpOptions.builder()
                .implementation(transport == PerfOptions.TransportKind.NIO ? UdpOptions.Implementation.NIO
                        : UdpOptions.Implementation.NATIVE)
                .receiveBufferSize(16 << 20).forceBufferSizes(true).gro(gro).build();
        try (UdpTransport socket = UdpTransport.bind(new InetSocketAddress(InetAddress.getByName(bind), port), options);
             PacketBatch in = PacketBatch.allocate(batch, gro ? 65_535 : 65_507, 0);
             PacketBatch reply = PacketBatch.allocate(1, Math.max(65_507, ServerReport.BYTES), 0)) {
            System.out.println("salvo-perf server listening on " + socket.localAddress() + " (" + socket.capabilities() + ")");
            long stopAt = exitAfterSeconds > 0 ? System.nanoTime() + (long) (exitAfterSeconds * 1e9) : Long.MAX_VALUE;
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            ArrivalCounter arrivals = new ArrivalCounter();
            long received = 0;
            long cpuAtReset = threads.getCurrentThreadCpuTime();
            long nonce = 0;
            while (System.nanoTime() < stopAt) {
                int n = socket.recvBatch(in);
                if (n == 0) {
                    socket.awaitReadable(Math.min(200_000_000L, stopAt - System.nanoTime()));
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    var buf = in.buffer(i);
                    byte type = buf.isEmpty() ? Wire.DATA : buf.getByte(0); // empty: unrecognised data
                    switch (type) {
                        case Wire.PING -> {
                            reply.clear();
                            reply.buffer(0).writeBytes(buf);
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        case Wire.RESET -> {
                            long requested = buf.length() >= 9 ? buf.getLong(1) : 0;
                            if (requested != nonce) {
                                nonce = requested;
                                arrivals = new ArrivalCounter();
                                received = 0;
                                cpuAtReset = threads.getCurrentThreadCpuTime();
                            }
                            reply.clear();
                            reply.buffer(0).writeBytes(buf);
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        case Wire.REPORT -> {
                            arrivals.publish();
                            reply.clear();
                            new ServerReport(received, arrivals.measured(), threads.getCurrentThreadCpuTime() - cpuAtReset)
                                    .writeTo(reply.buffer(0));
                            reply.copyPeerAddress(in, i, 0).setCount(1);
                            socket.sendBatch(reply);
                        }
                        // Data, and anything unknown, which the counter counts as unrecognised.
                        default -> received += arrivals.record(buf, in.segmentSize(i));
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            // stopped
        }
        return 0;
    }
}
