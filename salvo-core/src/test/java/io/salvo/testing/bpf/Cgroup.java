package io.salvo.testing.bpf;

import io.salvo.testing.netns.Syscalls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child cgroup (v2) of the one this JVM runs in, named {@code salvo-<pid>-<n>}, that the whole
 * process steps into for the length of one task. Sockets belong to the cgroup of the task that
 * created them, for good: so BPF programs attached to this cgroup see exactly the sockets created
 * inside {@link #whileInside}. Deleted on {@link #close()}; {@link #create} deletes empty ones
 * left by runs that no longer exist (once a minute old: a run in another PID namespace looks dead).
 */
final class Cgroup implements AutoCloseable {

    private static final Pattern OURS = Pattern.compile("salvo-(\\d+)-\\d+");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** One process can be in one cgroup at a time: entering is serialised across fixtures. */
    private static final Object MIGRATION = new Object();

    private final Path home;
    private final Path path;
    private final int fd;

    private Cgroup(Path home, Path path) throws IOException {
        this.home = home;
        this.path = path;
        this.fd = Syscalls.openReadOnly(path.toString());
    }

    /** Creates the child cgroup, or returns null with {@code why[0]} set when cgroup v2 is not usable here. */
    static Cgroup create(String[] why) {
        try {
            Path mount = cgroup2Mount();
            if (mount == null) {
                why[0] = "no cgroup2 file system is mounted";
                return null;
            }
            String own = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    own = line.substring(3);
                }
            }
            if (own == null) {
                why[0] = "this process has no cgroup v2 membership (/proc/self/cgroup)";
                return null;
            }
            Path home = mount.resolve(own.substring(1));
            deleteLeftovers(home);
            Path path = home.resolve("salvo-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
            Files.createDirectory(path);
            return new Cgroup(home, path);
        } catch (IOException | RuntimeException e) {
            why[0] = "cannot create a cgroup: " + e;
            return null;
        }
    }

    /** A descriptor of the cgroup directory, for attaching programs. */
    int fd() {
        return fd;
    }

    /**
     * Runs {@code task} with this process inside the cgroup, then moves it back where it was (even
     * when the task throws). Other threads of the process move with it for that time.
     */
    <T> T whileInside(Callable<T> task) throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        synchronized (MIGRATION) {
            Files.writeString(path.resolve("cgroup.procs"), pid);
            try {
                return task.call();
            } finally {
                Files.writeString(home.resolve("cgroup.procs"), pid);
            }
        }
    }

    @Override
    public void close() {
        Syscalls.close(fd);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("Cgroup: could not delete " + path + ": " + e.getMessage());
        }
    }

    private static Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                return Path.of(halves[0].split(" ")[4]);
            }
        }
        return null;
    }

    private static void deleteLeftovers(Path home) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(home, "salvo-*")) {
            for (Path p : entries) {
                Matcher m = OURS.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(1)))) {
                    try {
                        Files.delete(p); // empty cgroup directories delete with rmdir
                    } catch (IOException e) {
                        System.err.println("Cgroup: could not delete leftover " + p + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("Cgroup: could not list " + home + ": " + e.getMessage());
        }
    }
}
