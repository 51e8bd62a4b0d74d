package io.salvo.testing.bpf;

import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.Syscalls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static io.salvo.testing.bpf.BpfAssembler.DW;
import static io.salvo.testing.bpf.BpfAssembler.H;
import static io.salvo.testing.bpf.BpfAssembler.JEQ;
import static io.salvo.testing.bpf.BpfAssembler.JNE;
import static io.salvo.testing.bpf.BpfAssembler.R0;
import static io.salvo.testing.bpf.BpfAssembler.R1;
import static io.salvo.testing.bpf.BpfAssembler.R10;
import static io.salvo.testing.bpf.BpfAssembler.R2;
import static io.salvo.testing.bpf.BpfAssembler.R3;
import static io.salvo.testing.bpf.BpfAssembler.R6;
import static io.salvo.testing.bpf.BpfAssembler.R7;
import static io.salvo.testing.bpf.BpfAssembler.W;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Makes the kernel refuse UDP GSO sends with {@code EIO}, as it does on a route with an IPsec
 * (xfrm) transform, while plain datagrams pass: for unconnected UDP sockets created through
 * {@link #call} in one network namespace.
 *
 * <p><b>Why not xfrm.</b> The kernel's own EIO comes from {@code udp_send_skb} when the route has
 * an xfrm bundle; kernels built without AH, ESP and IPComp (like the 6.18 one this was written on)
 * cannot make one ({@code ip xfrm state add ... proto ah|esp|comp} answers "Requested type not
 * found"), and {@code fmod_ret}/LSM programs on {@code security_socket_sendmsg}, which could read
 * the message itself, are refused there ({@code EPERM} for every trampoline program).
 *
 * <p><b>How.</b> cgroup-v2 {@code sendmsg4}/{@code sendmsg6} BPF programs, attached to a cgroup of
 * the fixture's own. They run in {@code udp_sendmsg}/{@code udpv6_sendmsg} after the control
 * messages were parsed, for every message of an unconnected socket that was created in that
 * cgroup; they refuse (with {@code bpf_set_retval(-EIO)}) those whose parsed GSO segment size is
 * not zero. The hook's context gives no segment size, so the programs read it from the send
 * call's own {@code ipcm_cookie}/{@code ipcm6_cookie}, at an offset from the pointer the hook is
 * handed: found once, when the fixture starts, by sending two messages with marker segment sizes
 * and looking for the one place both markers show up (the kernel's copy of the control message is
 * told apart by its header). For IPv4 that offset is the C one, {@code gso_size - addr} in
 * {@code struct ipcm_cookie}; for IPv6 it depends on how the kernel was compiled.
 *
 * <p><b>Limits.</b> Connected sockets are not covered: the kernel runs these hooks only for sends
 * that name a destination. The refusal is per message, as with xfrm: {@code sendmmsg} reports an
 * error for its first message or a short count. Only sockets created inside {@link #call} and
 * living in the chosen namespace are affected.
 *
 * <p><b>Cleanup.</b> Programs live as long as their link descriptors: {@link #close()} detaches
 * them and removes the cgroup, and a JVM that dies detaches them too; an empty cgroup left by a
 * killed run is removed by the next fixture. Skips the test (a JUnit assumption), naming what is
 * missing, where cgroup v2, BPF or the calibration is not available.
 */
public final class GsoRefusal implements AutoCloseable {

    private static final int EIO = 5;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    /** Bytes of kernel stack dumped around the hook's pointer when calibrating. */
    private static final int WINDOW = 2048;
    private static final int CONTEXT_COPY = 40;
    private static final int DUMP_VALUE = CONTEXT_COPY + 8 + WINDOW;
    /** Read in pieces: the window may run past the top of the kernel stack, and a failed read zeroes its whole piece. */
    private static final int CHUNK = 128;
    private static final int[] MARKERS = {0x1357, 0x2a5b};

    private final Netns ns;
    private final Cgroup cgroup;
    private final int counterMap;
    private final List<Integer> links;
    private final int gsoOffsetV4;
    private final int gsoOffsetV6;
    private boolean closed;

    private GsoRefusal(Netns ns, Cgroup cgroup, int counterMap, List<Integer> links, int gsoOffsetV4, int gsoOffsetV6) {
        this.ns = ns;
        this.cgroup = cgroup;
        this.counterMap = counterMap;
        this.links = links;
        this.gsoOffsetV4 = gsoOffsetV4;
        this.gsoOffsetV6 = gsoOffsetV6;
    }

    /**
     * Starts refusing GSO sends from unconnected sockets created with {@link #call} in {@code ns},
     * until {@link #close()}. Skips the test where the kernel cannot do it here, saying why.
     */
    public static GsoRefusal in(Netns ns) throws Exception {
        assumeTrue(Syscalls.bpfSupported(), "no bpf(2) number known for " + System.getProperty("os.arch"));
        assumeTrue(Files.isReadable(Btf.VMLINUX), "kernel without BTF (" + Btf.VMLINUX + ")");
        int contextPointer;
        try {
            contextPointer = Btf.readVmlinux().offsetOf("bpf_sock_addr_kern", "t_ctx");
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "this kernel's sendmsg hooks are not as expected: " + e.getMessage());
            throw e;
        }
        String[] why = new String[1];
        Cgroup cgroup = Cgroup.create(why);
        assumeTrue(cgroup != null, () -> "no cgroup to attach sendmsg programs to: " + why[0]);
        List<Integer> links = new ArrayList<>();
        int counter = -1;
        try {
            boolean v6 = Files.isDirectory(Path.of("/proc/sys/net/ipv6"));
            long[] cookieAndOffsets = calibrate(ns, cgroup, contextPointer, v6);
            long cookie = cookieAndOffsets[0];
            counter = Bpf.arrayMap(8, 1);
            links.add(attach(refuse(counter, cookie, contextPointer, (int) cookieAndOffsets[1]), cgroup,
                    Bpf.ATTACH_CGROUP_UDP4_SENDMSG, "salvo_gso_eio4"));
            if (v6) {
                links.add(attach(refuse(counter, cookie, contextPointer, (int) cookieAndOffsets[2]), cgroup,
                        Bpf.ATTACH_CGROUP_UDP6_SENDMSG, "salvo_gso_eio6"));
            }
            return new GsoRefusal(ns, cgroup, counter, links, (int) cookieAndOffsets[1],
                    v6 ? (int) cookieAndOffsets[2] : Integer.MIN_VALUE);
        } catch (Exception | Error e) {
            links.forEach(Syscalls::close);
            if (counter >= 0) {
                Syscalls.close(counter);
            }
            cgroup.close();
            if (e instanceof Syscalls.ErrnoException || e instanceof Bpf.LoadException
                    || e instanceof CalibrationException) {
                assumeTrue(false, "the kernel will not run the GSO refusal programs here: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Runs {@code task} on the namespace's thread with the process inside the fixture's cgroup:
     * unconnected UDP sockets created by the task have their GSO sends refused. Blocks until done.
     */
    public <T> T call(Callable<T> task) throws Exception {
        return cgroup.whileInside(() -> ns.call(task));
    }

    /** GSO messages refused with EIO so far. */
    public long refusals() throws IOException {
        return ByteBuffer.wrap(Bpf.lookup(counterMap, 0, 8)).order(ByteOrder.nativeOrder()).getLong();
    }

    /** False: the kernel's sendmsg hooks do not run for connected sockets. */
    public boolean coversConnectedSockets() {
        return false;
    }

    /** Where the IPv4 (or IPv6) segment size was found, in bytes from the hook's context pointer. */
    public int calibratedOffset(boolean v6) {
        return v6 ? gsoOffsetV6 : gsoOffsetV4;
    }

    /** Detaches the programs and deletes the cgroup. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            links.forEach(Syscalls::close);
            Syscalls.close(counterMap);
            cgroup.close();
        }
    }

    @Override
    public String toString() {
        return "GsoRefusal[cgroup sendmsg hooks, segment size at +" + gsoOffsetV4 + " (v4) / " + gsoOffsetV6 + " (v6)]";
    }

    /** The segment size could not be located; the kernel's send path is not as this fixture expects. */
    private static final class CalibrationException extends IOException {
        CalibrationException(String message) {
            super(message);
        }
    }

    private static int attach(byte[] program, Cgroup cgroup, int attachType, String name) throws Exception {
        int fd = Bpf.load(program, Bpf.PROG_TYPE_CGROUP_SOCK_ADDR, attachType, name);
        try {
            return Bpf.linkToCgroup(fd, cgroup.fd(), attachType);
        } finally {
            Syscalls.close(fd); // the link holds the program
        }
    }

    /**
     * Finds the netns cookie and, per family, where the segment size lies relative to the hook's
     * context pointer. Returns {cookie, v4 offset, v6 offset}.
     */
    private static long[] calibrate(Netns ns, Cgroup cgroup, int contextPointer, boolean v6) throws Exception {
        int map = Bpf.arrayMap(DUMP_VALUE, 2);
        List<Integer> dumps = new ArrayList<>();
        try {
            dumps.add(attach(dump(map, 0, contextPointer), cgroup, Bpf.ATTACH_CGROUP_UDP4_SENDMSG, "salvo_calib4"));
            if (v6) {
                dumps.add(attach(dump(map, 1, contextPointer), cgroup, Bpf.ATTACH_CGROUP_UDP6_SENDMSG, "salvo_calib6"));
            }
            long[] out = new long[3];
            try (RawUdp s4 = cgroup.whileInside(() -> ns.call(() -> new RawUdp(false)))) {
                out[1] = offsetOfMarker(map, 0, contextPointer, s4, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9), out);
            }
            if (v6) {
                try (RawUdp s6 = cgroup.whileInside(() -> ns.call(() -> new RawUdp(true)))) {
                    out[2] = offsetOfMarker(map, 1, contextPointer, s6, new InetSocketAddress(InetAddress.getByName("::1"), 9), out);
                }
            }
            return out;
        } finally {
            dumps.forEach(Syscalls::close);
            Syscalls.close(map);
        }
    }

    private static int offsetOfMarker(int map, int key, int contextPointer, RawUdp socket, InetSocketAddress target,
                                      long[] cookieOut) throws IOException {
        ByteBuffer[] dumps = new ByteBuffer[MARKERS.length];
        long[] results = new long[MARKERS.length];
        for (int m = 0; m < MARKERS.length; m++) {
            results[m] = socket.send(target, 100, MARKERS[m]); // the hook runs before delivery; the outcome does not matter
            dumps[m] = ByteBuffer.wrap(Bpf.lookup(map, key, DUMP_VALUE)).order(ByteOrder.nativeOrder());
            if (dumps[m].getLong(contextPointer) == 0) {
                throw new CalibrationException("the sendmsg" + (key == 0 ? "4" : "6")
                        + " hook did not run for a socket of the cgroup");
            }
        }
        cookieOut[0] = dumps[0].getLong(CONTEXT_COPY);
        List<Integer> found = new ArrayList<>();
        for (int i = 8; i + 2 <= WINDOW; i += 2) {
            int at = CONTEXT_COPY + 8 + i;
            boolean all = true;
            for (int m = 0; m < MARKERS.length && all; m++) {
                all = (dumps[m].getShort(at) & 0xffff) == MARKERS[m];
            }
            // The kernel's copy of the control message itself is preceded by its cmsghdr: not the parsed value.
            boolean controlCopy = dumps[0].getInt(at - 8) == SOL_UDP && dumps[0].getInt(at - 4) == UDP_SEGMENT;
            if (all && !controlCopy) {
                found.add(i - WINDOW / 2);
            }
        }
        if (found.size() != 1) {
            throw new CalibrationException("calibration for " + (key == 0 ? "IPv4" : "IPv6")
                    + " found the segment size at " + found + " (bytes from the hook's pointer), expected one place;"
                    + " sends returned " + Arrays.toString(results) + whereMarkersAre(dumps));
        }
        return found.getFirst();
    }

    /** Where each marker showed up at all, for the failure message. */
    private static String whereMarkersAre(ByteBuffer[] dumps) {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < dumps.length; m++) {
            sb.append("; marker ").append(MARKERS[m]).append(" at");
            for (int i = 0; i + 2 <= WINDOW; i += 2) {
                if ((dumps[m].getShort(CONTEXT_COPY + 8 + i) & 0xffff) == MARKERS[m]) {
                    sb.append(' ').append(i - WINDOW / 2);
                }
            }
        }
        return sb.toString();
    }

    /**
     * Calibration hook: copies its context, the netns cookie and {@link #WINDOW} bytes of kernel
     * memory centred on the context's {@code t_ctx} pointer into map slot {@code key}; lets the send go on.
     */
    private static byte[] dump(int map, int key, int contextPointer) {
        BpfAssembler a = new BpfAssembler();
        a.movReg(R6, R1);
        a.store(W, R10, -4, key).loadMap(R1, map).movReg(R2, R10).add(R2, -4);
        a.call(Bpf.HELPER_MAP_LOOKUP_ELEM).jump(JEQ, R0, 0, "out").movReg(R7, R0);
        a.movReg(R1, R7).mov(R2, CONTEXT_COPY).movReg(R3, R6).call(Bpf.HELPER_PROBE_READ_KERNEL);
        a.movReg(R1, R6).call(Bpf.HELPER_GET_NETNS_COOKIE).storeReg(DW, R7, CONTEXT_COPY, R0);
        for (int off = 0; off < WINDOW; off += CHUNK) {
            a.load(DW, R3, R7, contextPointer).jump(JEQ, R3, 0, "out").add(R3, off - WINDOW / 2);
            a.movReg(R1, R7).add(R1, CONTEXT_COPY + 8 + off).mov(R2, CHUNK).call(Bpf.HELPER_PROBE_READ_KERNEL);
        }
        a.label("out").mov(R0, 1).exit();
        return a.assemble();
    }

    /**
     * The refusing hook: for a socket in the namespace with {@code cookie}, reads the parsed GSO
     * segment size at {@code gsoOffset} from the context's {@code t_ctx}; non-zero: count, set the
     * return value to -EIO and reject. Anything else passes.
     */
    private static byte[] refuse(int counter, long cookie, int contextPointer, int gsoOffset) {
        BpfAssembler a = new BpfAssembler();
        a.movReg(R6, R1);
        a.movReg(R1, R6).call(Bpf.HELPER_GET_NETNS_COOKIE).loadImm64(R1, cookie).jumpReg(JNE, R0, R1, "allow");
        a.movReg(R1, R10).add(R1, -48).mov(R2, CONTEXT_COPY).movReg(R3, R6).call(Bpf.HELPER_PROBE_READ_KERNEL);
        a.jump(JNE, R0, 0, "allow");
        a.load(DW, R3, R10, -48 + contextPointer).jump(JEQ, R3, 0, "allow").add(R3, gsoOffset);
        a.movReg(R1, R10).add(R1, -56).mov(R2, 2).call(Bpf.HELPER_PROBE_READ_KERNEL).jump(JNE, R0, 0, "allow");
        a.load(H, R1, R10, -56).jump(JEQ, R1, 0, "allow");
        a.store(W, R10, -60, 0).loadMap(R1, counter).movReg(R2, R10).add(R2, -60);
        a.call(Bpf.HELPER_MAP_LOOKUP_ELEM).jump(JEQ, R0, 0, "eio");
        a.mov(R1, 1).atomicAdd64(R0, 0, R1);
        a.label("eio").mov(R1, -EIO).call(Bpf.HELPER_SET_RETVAL).mov(R0, 0).exit();
        a.label("allow").mov(R0, 1).exit();
        return a.assemble();
    }
}
