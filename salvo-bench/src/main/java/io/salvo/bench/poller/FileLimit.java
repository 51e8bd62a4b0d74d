package io.salvo.bench.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RLIMIT_NOFILE, read and raised through {@code getrlimit}/{@code setrlimit} (FFM), so the
 * benchmark can open 100,000 sockets without a wrapper script. Raising the soft limit up to the
 * hard one is always allowed; raising the hard limit needs CAP_SYS_RESOURCE (root) and stops at
 * {@code /proc/sys/fs/nr_open}. Linux only; elsewhere the limit is reported as unknown.
 */
final class FileLimit {

    /** RLIMIT_NOFILE on Linux (every architecture but alpha, mips and sparc). */
    private static final int RLIMIT_NOFILE = 7;
    private static final FunctionDescriptor RLIMIT_CALL = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS);

    /** The limits after an attempt to raise them; {@code note} says what happened, in one line. */
    record Outcome(long soft, long hard, String note) {
    }

    private FileLimit() {
    }

    /**
     * Raises the soft limit (and the hard one if needed and allowed) to at least {@code wanted}
     * descriptors. Never lowers anything.
     */
    static Outcome raiseTo(long wanted) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return new Outcome(-1, -1, "not Linux: RLIMIT_NOFILE left as it is");
        }
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MethodHandle get = linker.downcallHandle(linker.defaultLookup().findOrThrow("getrlimit"), RLIMIT_CALL);
            MethodHandle set = linker.downcallHandle(linker.defaultLookup().findOrThrow("setrlimit"), RLIMIT_CALL);
            MemorySegment limit = arena.allocate(16, 8); // struct rlimit { rlim_t rlim_cur, rlim_max; }
            if ((int) get.invokeExact(RLIMIT_NOFILE, limit) != 0) {
                return new Outcome(-1, -1, "getrlimit failed: limit unknown");
            }
            long soft = limit.get(ValueLayout.JAVA_LONG, 0);
            long hard = limit.get(ValueLayout.JAVA_LONG, 8);
            if (soft >= wanted) {
                return new Outcome(soft, hard, "RLIMIT_NOFILE already " + soft);
            }
            String note;
            if (hard < wanted) {
                long ceiling = nrOpen();
                long newHard = Math.max(hard, ceiling > 0 ? Math.min(wanted, ceiling) : wanted);
                limit.set(ValueLayout.JAVA_LONG, 0, newHard);
                limit.set(ValueLayout.JAVA_LONG, 8, newHard);
                if ((int) set.invokeExact(RLIMIT_NOFILE, limit) == 0) {
                    return new Outcome(newHard, newHard, "raised RLIMIT_NOFILE soft " + soft + " / hard " + hard
                            + " to " + newHard + " (setrlimit)");
                }
                note = "could not raise the hard limit " + hard + " (setrlimit needs CAP_SYS_RESOURCE)";
            } else {
                note = "";
            }
            long newSoft = Math.min(wanted, hard);
            if (newSoft == soft) {
                return new Outcome(soft, hard, note + "; the soft limit is already the hard one, " + soft);
            }
            limit.set(ValueLayout.JAVA_LONG, 0, newSoft);
            limit.set(ValueLayout.JAVA_LONG, 8, hard);
            if ((int) set.invokeExact(RLIMIT_NOFILE, limit) != 0) {
                return new Outcome(soft, hard, "setrlimit failed; RLIMIT_NOFILE stays " + soft);
            }
            return new Outcome(newSoft, hard, (note.isEmpty() ? "" : note + "; ") + "raised the soft limit " + soft
                    + " to " + newSoft);
        } catch (Throwable t) {
            return new Outcome(-1, -1, "RLIMIT_NOFILE not changed: " + t);
        }
    }

    /** The kernel's ceiling for any process's RLIMIT_NOFILE, or -1 when unreadable. */
    private static long nrOpen() {
        try {
            // readAllLines, not readString: procfs reports a size of 0 and readString then reads one byte
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open")).getFirst().strip());
        } catch (Exception e) {
            return -1;
        }
    }
}
