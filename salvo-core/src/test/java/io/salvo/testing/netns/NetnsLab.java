package io.salvo.testing.netns;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network namespaces joined by veth pairs, for tests that need real links (an MTU, several
 * addresses, a route) without touching the host's interfaces. Everything lives inside namespaces
 * named {@code salvo-<pid>-<n>-<label>}, so parallel runs never collide; {@link #close()} deletes
 * them (and with them their interfaces) whether the test passed or not, a shutdown hook does the
 * same if the JVM exits first, and {@link #open()} deletes what a killed run left behind (once
 * it is a minute old).
 *
 * <pre>{@code
 * try (NetnsLab lab = NetnsLab.open()) {
 *     Netns client = lab.namespace("client"), server = lab.namespace("server");
 *     VethLink link = lab.link(client, server).mtu(1280);
 *     UdpTransport rx = server.call(() -> UdpTransport.bind(new InetSocketAddress(link.b().ipv4(), 0)));
 *     ...   // rx is used from the test thread; it stays in the server namespace
 * }
 * }</pre>
 *
 * <p>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN), iproute2's {@code ip} and native access;
 * without them {@link #open()} skips the test (a JUnit assumption) saying what is missing.
 * Not thread-safe: build the topology from one thread.
 */
public final class NetnsLab implements AutoCloseable {

    static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final Pattern OURS = Pattern.compile("salvo-(\\d+)-\\d+-.*");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    /**
     * A leftover must be this old too: a run in another PID namespace sharing /var/run/netns looks
     * dead from here, and its namespaces live for seconds.
     */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(1);

    private final Path ip;
    private final boolean ipv6;
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<VethLink> links = new ArrayList<>();
    private final Thread shutdownHook = Thread.ofPlatform().unstarted(this::deleteNamespaces);
    private boolean closed;

    private NetnsLab(Path ip) {
        this.ip = ip;
        this.ipv6 = Files.isDirectory(Path.of("/proc/sys/net/ipv6"));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Checks the prerequisites (skipping the test when one is missing), deletes namespaces left by
     * runs that no longer exist, and returns an empty lab.
     */
    public static NetnsLab open() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "network namespaces need Linux");
        long caps = effectiveCapabilities();
        assumeTrue((caps & (1L << CAP_NET_ADMIN)) != 0 && (caps & (1L << CAP_SYS_ADMIN)) != 0,
                "network namespace tests need root (CAP_NET_ADMIN and CAP_SYS_ADMIN); effective capabilities are 0x"
                        + Long.toHexString(caps));
        Path ip = Ip.find();
        assumeTrue(ip != null, "iproute2's ip command is not installed (apt-get install iproute2)");
        assumeTrue(NetnsLab.class.getModule().isNativeAccessEnabled(),
                "native access is not enabled for the tests (--enable-native-access=ALL-UNNAMED)");
        deleteLeftovers(ip, LEFTOVER_AGE);
        return new NetnsLab(ip);
    }

    /** True when the kernel has IPv6; links then carry IPv6 addresses too. */
    public boolean ipv6Available() {
        return ipv6;
    }

    Path ipPath() {
        return ip;
    }

    /**
     * Creates a namespace with loopback up and IPv6 duplicate address detection off (so addresses
     * are usable at once). The first namespace of a run that cannot be created skips the test.
     */
    public Netns namespace(String label) throws IOException {
        check();
        String name = "salvo-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + label;
        try {
            Ip.run(ip, List.of("netns", "add", name));
        } catch (IOException e) {
            assumeTrue(!namespaces.isEmpty(), "cannot create a network namespace here: " + e.getMessage());
            throw e;
        }
        Netns ns;
        try {
            ns = new Netns(this, label, name);
        } catch (Exception e) {
            Ip.run(ip, List.of("netns", "del", name));
            assumeTrue(!namespaces.isEmpty(), "cannot enter a network namespace here: " + e);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        namespaces.add(ns);
        ns.ip("link", "set", "dev", "lo", "up");
        if (ipv6) {
            ns.sysctl("net.ipv6.conf.all.accept_dad", "0");
            ns.sysctl("net.ipv6.conf.default.accept_dad", "0");
        }
        return ns;
    }

    /**
     * Joins two namespaces with a veth pair named {@code veth<L>} at both ends, gives each end its
     * first addresses (see {@link VethLink}), brings it up and waits until both ends carry traffic.
     */
    public VethLink link(Netns a, Netns b) throws IOException {
        check();
        if (a == b || !namespaces.contains(a) || !namespaces.contains(b)) {
            throw new IllegalArgumentException("link two different namespaces of this lab: " + a + ", " + b);
        }
        VethLink link = new VethLink(this, links.size() + 1, a, b);
        a.ip("link", "add", link.a().device(), "type", "veth", "peer", "name", link.b().device(), "netns", b.name());
        links.add(link);
        link.a().addFirstAddresses(1);
        link.b().addFirstAddresses(2);
        a.ip("link", "set", "dev", link.a().device(), "up");
        b.ip("link", "set", "dev", link.b().device(), "up");
        awaitReady(link.a());
        awaitReady(link.b());
        return link;
    }

    /** Waits (10 s at most) until the end has carrier and no IPv6 address is still tentative. */
    private static void awaitReady(VethEnd end) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String link = end.namespace().ip("-o", "link", "show", "dev", end.device());
            String tentative = end.namespace().ip("-o", "addr", "show", "dev", end.device(), "tentative");
            if (link.contains("LOWER_UP") && tentative.isBlank()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(end + " not ready after 10 s: " + link.strip() + " / tentative: " + tentative.strip());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The namespaces created so far. */
    public List<Netns> namespaces() {
        return List.copyOf(namespaces);
    }

    /** Stops the namespace threads and deletes the namespaces (their interfaces go with them). Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: it deletes the namespaces
        }
        IOException failure = deleteNamespaces();
        if (failure != null) {
            throw failure;
        }
    }

    private IOException deleteNamespaces() {
        IOException failure = null;
        for (Netns ns : namespaces.reversed()) {
            ns.stopThread();
            try {
                if (Files.exists(ns.path())) {
                    Ip.run(ip, List.of("netns", "del", ns.name()));
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("lab is closed");
        }
    }

    /**
     * Deletes {@code salvo-<pid>-...} namespaces whose process is gone (a run killed before it
     * cleaned up) and that are at least {@code minimumAge} old.
     */
    static void deleteLeftovers(Path ip, Duration minimumAge) {
        if (!Files.isDirectory(NETNS_DIR)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR, "salvo-*")) {
            for (Path p : entries) {
                Matcher m = OURS.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && olderThan(p, minimumAge)) {
                    try {
                        Ip.run(ip, List.of("netns", "del", p.getFileName().toString()));
                    } catch (IOException e) {
                        System.err.println("NetnsLab: could not delete leftover namespace " + p + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("NetnsLab: could not list " + NETNS_DIR + ": " + e.getMessage());
        }
    }

    static boolean olderThan(Path p, Duration age) throws IOException {
        return Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(age));
    }

    private static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
