package io.salvo.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * How much native memory the process holds: bytes in use in glibc's malloc ({@code mallinfo2}),
 * which is where FFM arenas allocate, and the resident set size. The malloc figure is not blurred by
 * the Java heap growing or shrinking, so a leak of a few tens of MiB stands out of the noise.
 */
public final class NativeMemory {

    // struct mallinfo2: ten size_t fields; hblkhd (4) is mmapped bytes, uordblks (7) bytes in use in the arenas.
    private static final MemoryLayout MALLINFO2 = MemoryLayout.structLayout(
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MALLINFO2_CALL = Linker.nativeLinker().defaultLookup().find("mallinfo2")
            .map(f -> Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(MALLINFO2)))
            .orElse(null);

    private NativeMemory() {
    }

    /** Bytes allocated through malloc and still in use, or empty where mallinfo2 is not available (non-glibc). */
    public static Optional<Long> mallocInUse() {
        if (MALLINFO2_CALL == null) {
            return Optional.empty();
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2_CALL.invokeExact((java.lang.foreign.SegmentAllocator) a);
            return Optional.of(info.getAtIndex(JAVA_LONG, 4) + info.getAtIndex(JAVA_LONG, 7));
        } catch (Throwable t) {
            throw new IllegalStateException("mallinfo2 failed", t);
        }
    }

    public static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    public static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
