package io.salvo.bench;

import io.salvo.bench.compare.Cell;
import io.salvo.bench.compare.Comparison;
import io.salvo.bench.messaging.MessagingCommand;
import io.salvo.bench.poller.PollerCommand;
import io.salvo.bench.tcp.TcpCommand;
import io.salvo.bench.udplatency.UdpLatencyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code salvo-bench compare}: Salvo native vs JDK DatagramChannel vs Netty epoll on loopback, in one run.
 * {@code salvo-bench tcp}: C vs Salvo native TCP vs JDK NIO vs Netty epoll, ping-pong and one-way (see {@link TcpCommand}).
 * {@code salvo-bench udp-latency}: UDP ping-pong, C vs Salvo vs JDK NIO vs Netty epoll (and sockperf), spinning and blocking (see {@link UdpLatencyCommand}).
 * {@code salvo-bench messaging}: salvo-messaging Clt/Svc vs Netty epoll with the same typed protocol (see {@link MessagingCommand}).
 * {@code salvo-bench poller}: one Poller with 1,000 to 100,000 UDP sockets: registration, idle CPU, CPU per datagram (see {@link PollerCommand}).
 * {@code salvo-bench jmh [JMH options]}: the JMH microbenchmarks of the buffer and batch hot paths.
 */
@Command(name = "salvo-bench", mixinStandardHelpOptions = true, subcommands = {BenchMain.Compare.class, TcpCommand.class, UdpLatencyCommand.class, MessagingCommand.class, PollerCommand.class},
        description = "Salvo's benchmarks. Subcommands: compare, tcp, udp-latency, messaging, poller, jmh.")
public final class BenchMain implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** The side-by-side comparison. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Salvo native vs JDK NIO vs Netty epoll on loopback; table, JSON and SVG.")
    static final class Compare implements Callable<Integer> {
        @Option(names = "--sizes", split = ",", defaultValue = "64,1200", description = "Payload sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> sizes;

        @Option(names = "--repeats", defaultValue = "3", description = "Runs per system and cell (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--warmup", defaultValue = "0.7", description = "Seconds before measuring each run (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(names = "--duration", defaultValue = "2", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
        double duration;

        @Option(names = "--out", defaultValue = "bench-results", description = "Directory for comparison.json and comparison.svg (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--modes", split = ",", defaultValue = "plain,offload,rx-bound",
                description = "Kinds of cell to run: plain, offload (GSO+GRO), rx-bound (default: ${DEFAULT-VALUE}).")
        List<String> modes;

        @Option(names = "--systems", split = ",", description = "Only these systems (c, salvo, salvo-mmsg-only, jdk-nio, "
                + "netty-epoll); default: all.")
        List<String> systems;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || duration <= 0 || warmup < 0 || sizes.stream().anyMatch(s -> s < 1 || s > 65_507)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--repeats >= 1, --duration > 0, --warmup >= 0 and sizes 1..65507 please");
            }
            List<Cell.Mode> cellModes = new java.util.ArrayList<>();
            for (String m : modes) {
                Cell.Mode mode = Cell.Mode.parse(m);
                if (mode == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "unknown --modes value '" + m + "': plain, offload or rx-bound");
                }
                cellModes.add(mode);
            }
            System.out.println("salvo-bench compare: sizes " + sizes + ", " + repeats + " repeats, " + warmup + " s warm-up + "
                    + duration + " s measured per run, systems interleaved");
            Comparison c;
            try {
                c = new Comparison(sizes, cellModes, systems, repeats, warmup, duration, System.out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
            Comparison.report(c.run(), System.out, out);
            return 0;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("salvo-bench: " + ex.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
