package io.salvo.testing.bpf;

import io.salvo.testing.netns.Syscalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The bpf(2) commands the fixtures use: array maps, loading a program, linking it to a cgroup or a device. */
final class Bpf {

    static final int PROG_TYPE_SCHED_CLS = 3;
    static final int PROG_TYPE_CGROUP_SKB = 8;
    static final int PROG_TYPE_CGROUP_SOCK_ADDR = 18;
    static final int ATTACH_CGROUP_INET_EGRESS = 1;
    static final int ATTACH_CGROUP_UDP4_SENDMSG = 14;
    static final int ATTACH_CGROUP_UDP6_SENDMSG = 15;
    static final int ATTACH_TCX_INGRESS = 46;
    static final int ATTACH_TCX_EGRESS = 47;

    static final int HELPER_MAP_LOOKUP_ELEM = 1;
    static final int HELPER_GET_PRANDOM_U32 = 7;
    static final int HELPER_SKB_STORE_BYTES = 9;
    static final int HELPER_CLONE_REDIRECT = 13;
    static final int HELPER_REDIRECT = 23;
    static final int HELPER_PROBE_READ_KERNEL = 113;
    static final int HELPER_GET_NETNS_COOKIE = 122;
    static final int HELPER_SET_RETVAL = 187;

    private static final int MAP_CREATE = 0;
    private static final int MAP_LOOKUP_ELEM = 1;
    private static final int PROG_LOAD = 5;
    private static final int LINK_CREATE = 28;
    private static final int MAP_TYPE_ARRAY = 2;

    /** The kernel refused a program; the message carries the end of the verifier's log. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message);
        }
    }

    private Bpf() {
    }

    /** An array map of {@code entries} values of {@code valueSize} bytes, keyed 0..entries-1. */
    static int arrayMap(int valueSize, int entries) throws Syscalls.ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(72, 8);
            attr.set(JAVA_INT, 0, MAP_TYPE_ARRAY);
            attr.set(JAVA_INT, 4, 4);
            attr.set(JAVA_INT, 8, valueSize);
            attr.set(JAVA_INT, 12, entries);
            return Syscalls.bpf(MAP_CREATE, attr);
        }
    }

    /** The value stored under {@code key}. */
    static byte[] lookup(int map, int key, int valueSize) throws Syscalls.ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(JAVA_INT, key);
            MemorySegment v = arena.allocate(valueSize, 8);
            MemorySegment attr = arena.allocate(32, 8);
            attr.set(JAVA_INT, 0, map);
            attr.set(JAVA_LONG, 8, k.address());
            attr.set(JAVA_LONG, 16, v.address());
            Syscalls.bpf(MAP_LOOKUP_ELEM, attr);
            return v.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Loads a program; on refusal throws with the errno and the verifier's last words. */
    static int load(byte[] program, int type, int expectedAttachType, String name) throws LoadException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(program.length, 8);
            MemorySegment.copy(program, 0, insns, ValueLayout.JAVA_BYTE, 0, program.length);
            MemorySegment license = arena.allocateFrom("GPL");
            int logSize = 1 << 18;
            MemorySegment log = arena.allocate(logSize);
            MemorySegment attr = arena.allocate(144, 8);
            attr.set(JAVA_INT, 0, type);
            attr.set(JAVA_INT, 4, program.length / 8);
            attr.set(JAVA_LONG, 8, insns.address());
            attr.set(JAVA_LONG, 16, license.address());
            attr.set(JAVA_INT, 24, 1); // log level 1: the verifier says why when it refuses
            attr.set(JAVA_INT, 28, logSize);
            attr.set(JAVA_LONG, 32, log.address());
            byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            MemorySegment.copy(n, 0, attr, ValueLayout.JAVA_BYTE, 48, Math.min(n.length, 15));
            attr.set(JAVA_INT, 68, expectedAttachType);
            try {
                return Syscalls.bpf(PROG_LOAD, attr);
            } catch (Syscalls.ErrnoException e) {
                String verifier = log.getString(0).strip();
                String tail = verifier.substring(Math.max(0, verifier.length() - 800));
                throw new LoadException("loading " + name + ": " + e.getMessage()
                        + (tail.isEmpty() ? "" : "; verifier: " + tail));
            }
        }
    }

    /** Links a loaded program to a cgroup; closing the returned descriptor detaches it. */
    static int linkToCgroup(int program, int cgroupFd, int attachType) throws Syscalls.ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(64, 8);
            attr.set(JAVA_INT, 0, program);
            attr.set(JAVA_INT, 4, cgroupFd);
            attr.set(JAVA_INT, 8, attachType);
            return Syscalls.bpf(LINK_CREATE, attr);
        }
    }

    /**
     * Links a loaded {@code SCHED_CLS} program to a device's tcx hook ({@code ATTACH_TCX_INGRESS}).
     * The interface index is looked up in the calling thread's network namespace, so call this from
     * the namespace's own thread. Closing the returned descriptor detaches the program.
     */
    static int linkToDevice(int program, int interfaceIndex, int attachType) throws Syscalls.ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(64, 8);
            attr.set(JAVA_INT, 0, program);
            attr.set(JAVA_INT, 4, interfaceIndex);
            attr.set(JAVA_INT, 8, attachType);
            return Syscalls.bpf(LINK_CREATE, attr);
        }
    }
}
