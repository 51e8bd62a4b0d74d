package io.salvo.testing.netns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One network namespace of a {@link NetnsLab}, with a platform thread of its own that lives inside
 * it. Namespace membership belongs to an OS thread, and a socket stays in the namespace it was
 * created in: create sockets with {@link #call}, then use them from any thread.
 *
 * <p>Thread-safe. Closed (thread stopped, namespace deleted) by the lab.
 */
public final class Netns {

    private final NetnsLab lab;
    private final String label;
    private final String name;
    private final ExecutorService thread;
    private final long inode;

    Netns(NetnsLab lab, String label, String name) throws IOException {
        this.lab = lab;
        this.label = label;
        this.name = name;
        this.inode = (long) Files.getAttribute(path(), "unix:ino");
        this.thread = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("netns-" + name).unstarted(r));
        try {
            enter();
        } catch (Exception e) {
            thread.shutdownNow();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void enter() throws Exception {
        call(() -> {
            int fd = Syscalls.openReadOnly(path().toString());
            try {
                Syscalls.setns(fd, Syscalls.CLONE_NEWNET);
            } finally {
                Syscalls.close(fd);
            }
            String mine = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            if (!mine.equals("net:[" + inode + "]")) {
                throw new IOException("thread is in " + mine + " after setns, expected net:[" + inode + "]");
            }
            return null;
        });
    }

    /** The short name the test gave it ("client", "server"). */
    public String label() {
        return label;
    }

    /** The name under {@code /var/run/netns}, unique per run: {@code salvo-<pid>-<n>-<label>}. */
    public String name() {
        return name;
    }

    /** The namespace's inode number (what {@code /proc/<pid>/ns/net} links to). */
    public long inode() {
        return inode;
    }

    Path path() {
        return NetnsLab.NETNS_DIR.resolve(name);
    }

    /** A task that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Runs {@code task} on this namespace's thread and returns its result; the task's exception is
     * rethrown as it was (checked ones too). Blocks until the task ends (60 s at most).
     */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> f = thread.submit(task);
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("task in namespace " + name + " did not finish in 60 s", e);
        }
    }

    /** {@link #call} for a task without a result. */
    public void run(ThrowingRunnable task) throws Exception {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Runs {@code ip -n <name> args...} and returns its output. */
    public String ip(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-n", name));
        all.addAll(Arrays.asList(args));
        return Ip.run(lab.ipPath(), all);
    }

    /**
     * Runs iproute2's {@code tc -n <name> args...} and returns its output; skips the test (a JUnit
     * assumption) where {@code tc} is not installed.
     */
    public String tc(String... args) throws IOException {
        Path tc = Ip.find("tc");
        org.junit.jupiter.api.Assumptions.assumeTrue(tc != null, "iproute2's tc command is not installed");
        List<String> all = new ArrayList<>(List.of("-n", name));
        all.addAll(Arrays.asList(args));
        return Ip.run(tc, all);
    }

    /** Writes a sysctl of this namespace ({@code net.ipv4.ip_forward} style name) from inside it. */
    public void sysctl(String key, String value) throws IOException {
        try {
            run(() -> Files.writeString(Path.of("/proc/sys", key.replace('.', '/')), value));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Lets this namespace route between its links (IPv4 and, where present, IPv6 forwarding). */
    public Netns enableForwarding() throws IOException {
        sysctl("net.ipv4.ip_forward", "1");
        if (lab.ipv6Available()) {
            sysctl("net.ipv6.conf.all.forwarding", "1");
        }
        return this;
    }

    /** Adds a route for {@code prefix} (CIDR, either family) through {@code gateway}. */
    public Netns route(String prefix, InetAddress gateway) throws IOException {
        ip(gateway instanceof java.net.Inet6Address ? "-6" : "-4", "route", "add", prefix, "via",
                gateway.getHostAddress());
        return this;
    }

    void stopThread() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Netns[" + name + "]";
    }
}
