package io.salvo.bench.poller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's floor: {@code pollerbench.c} (a resource of this module), compiled with
 * {@code gcc -O2 -pthread} into a temporary directory when the benchmark starts, does what
 * {@link ScaleRun} does with nothing but C between it and the kernel (its own sockets, one
 * level-triggered epoll set, {@code recvmmsg} of 2 on each ready socket, the same paced sender). Its
 * row shows how much of the growth with the socket count is the kernel's own.
 */
final class CBaseline {

    private static final String SOURCE = "pollerbench.c";

    private final Path binary;

    private CBaseline(Path binary) {
        this.binary = binary;
    }

    /**
     * @throws IOException saying why (no gcc, or it failed) when there is no program
     */
    static CBaseline compile() throws IOException {
        Path binary = io.salvo.bench.GccBuild.compile(CBaseline.class, SOURCE, "pollerbench", "-pthread");
        return new CBaseline(binary);
    }

    /** One run of the program with {@code sockets} sockets of its own; its row of the table. */
    SizeResult run(int sockets, PollerSettings s) throws IOException, InterruptedException {
        int step = (int) Math.max(1, Math.round(100 / s.hotPercent()));
        List<String> command = List.of(binary.toString(), Integer.toString(sockets), Double.toString(s.idleSeconds()),
                Double.toString(s.trafficSeconds()), Integer.toString(s.rate()), Integer.toString(s.burst()),
                Integer.toString(s.payload()), Integer.toString(step), Integer.toString(ScaleRun.TRAFFIC_WINDOWS),
                Integer.toString(ScaleRun.REGISTRATION_ROUNDS));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("pollerbench took over 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("pollerbench failed (exit " + p.exitValue() + "): " + output.strip());
        }
        return parse(sockets, output);
    }

    static SizeResult parse(int sockets, String output) {
        int addresses = 0;
        List<Long> registrations = new ArrayList<>();
        List<Long> unregistrations = new ArrayList<>();
        long registrationCpu = 0;
        long idleCpu = 0;
        long idle = 0;
        Map<String, TrafficResult> traffic = new HashMap<>();
        for (String line : output.strip().split("\n")) {
            Map<String, String> v = fields(line);
            if (v.containsKey("addresses")) {
                addresses = Integer.parseInt(v.get("addresses"));
            } else if (v.containsKey("registration")) {
                registrations.add(Long.parseLong(v.get("registration")));
                registrationCpu += Long.parseLong(v.get("cpu"));
            } else if (v.containsKey("unregistration")) {
                unregistrations.add(Long.parseLong(v.get("unregistration")));
            } else if (v.containsKey("idle_cpu")) {
                idleCpu = Long.parseLong(v.get("idle_cpu"));
                idle = Long.parseLong(v.get("idle"));
            } else if (v.containsKey("traffic")) {
                List<Double> windows = Arrays.stream(v.get("windows").split(",")).map(Double::valueOf).toList();
                traffic.put(v.get("traffic"), new TrafficResult(Integer.parseInt(v.get("active")),
                        Long.parseLong(v.get("sent")), Long.parseLong(v.get("received")), Long.parseLong(v.get("calls")),
                        Long.parseLong(v.get("cpu")), Long.parseLong(v.get("elapsed")), windows,
                        Double.parseDouble(v.get("first"))));
            }
        }
        if (registrations.isEmpty() || !traffic.containsKey("all") || !traffic.containsKey("hot")) {
            throw new IllegalStateException("pollerbench printed something unexpected: " + output.strip());
        }
        return new SizeResult(PollerKind.C.label, sockets, addresses, Double.NaN, registrations, registrationCpu, 0,
                unregistrations, idleCpu, idle, traffic.get("all"), traffic.get("hot"), -1);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new HashMap<>();
        for (String token : line.strip().split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                out.put(token.substring(0, eq).toLowerCase(Locale.ROOT), token.substring(eq + 1));
            }
        }
        return out;
    }
}
