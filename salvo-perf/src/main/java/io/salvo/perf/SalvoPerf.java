package io.salvo.perf;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code salvo-perf}: with no subcommand, a throughput and latency test in one process, over UDP
 * or TCP; {@code server} and {@code client} measure between two hosts; {@code echo} and
 * {@code latency} are an echo server and a ping-pong client that work with other tools' peers.
 * Exit codes: 0 done, 1 the test failed, 2 invalid options or an unusable endpoint (bad address,
 * port in use, nothing listening, peer gone), with a one-line message.
 */
@Command(name = "salvo-perf", mixinStandardHelpOptions = true, version = "salvo-perf 0.1.0",
        description = "Measures datagrams (or TCP messages) per second, CPU and allocation per message, loss, "
                + "duplication, reordering and round-trip latency of Salvo's transports. Without a subcommand: senders and "
                + "receivers in this process, over UDP or TCP (--protocol tcp) on loopback, or over the in-memory network "
                + "(--transport loopback).",
        subcommands = {ServerCommand.class, ClientCommand.class, EchoCommand.class, LatencyCommand.class, QuicCommand.class})
public final class SalvoPerf implements Callable<Integer> {

    @Mixin
    PerfOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return runAndReport(spec, options, watch -> options.protocol == Protocol.TCP
                ? new TcpBenchmark(options, progressStream(options)).run()
                : new LocalBenchmark(options, progressStream(options)).run(watch));
    }

    /**
     * Validates, runs with what {@code --jfr}/{@code --pcap} ask for switched on (their files are
     * written when the run ends, before the report), prints the summary or the JSON object; returns
     * the exit code.
     */
    static int runAndReport(CommandSpec spec, PerfOptions options, Measurement m) throws Exception {
        String problem = options.validate();
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
        Report r;
        try (Observation watch = Observation.start(options.observe, progressStream(options))) {
            r = m.run(watch);
        }
        if (options.json) {
            System.out.println(r.json());
        } else {
            r.printSummary(System.out);
        }
        System.out.flush();
        return 0;
    }

    /** Progress goes to standard output, or to standard error when --json keeps standard output for the JSON. */
    static PrintStream progressStream(PerfOptions options) {
        return options.json ? System.err : System.out;
    }

    /** One measurement run; its datagram transports go through {@code watch} to be captured. */
    @FunctionalInterface
    interface Measurement {
        Report run(Observation watch) throws Exception;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and main). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SalvoPerf());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("salvo-perf: " + ex.getMessage());
            System.err.println("Try 'salvo-perf --help'.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof EndpointException) {
                System.err.println("salvo-perf: " + ex.getMessage());
                return 2;
            }
            System.err.println("salvo-perf: " + ex);
            return 1;
        });
        return cl.execute(args);
    }
}
