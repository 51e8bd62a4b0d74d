package io.salvo.testing.bpf;

import io.salvo.testing.netns.Syscalls;
import io.salvo.testing.netns.VethEnd;
import io.salvo.testing.netns.VethLink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.salvo.testing.bpf.BpfAssembler.H;
import static io.salvo.testing.bpf.BpfAssembler.JEQ;
import static io.salvo.testing.bpf.BpfAssembler.JGE;
import static io.salvo.testing.bpf.BpfAssembler.JLT;
import static io.salvo.testing.bpf.BpfAssembler.R0;
import static io.salvo.testing.bpf.BpfAssembler.R1;
import static io.salvo.testing.bpf.BpfAssembler.R10;
import static io.salvo.testing.bpf.BpfAssembler.R2;
import static io.salvo.testing.bpf.BpfAssembler.R3;
import static io.salvo.testing.bpf.BpfAssembler.R4;
import static io.salvo.testing.bpf.BpfAssembler.R5;
import static io.salvo.testing.bpf.BpfAssembler.R6;
import static io.salvo.testing.bpf.BpfAssembler.W;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reordering and delay on a real path without netem: a fraction of the frames leaving one end of
 * a fast link are diverted to a second, slow link between the same two namespaces, and arrive
 * after frames sent later. A {@code SCHED_CLS} program on the fast end's tcx egress hook rewrites
 * a diverted frame's destination MAC to the slow link's far end and redirects it out of the slow
 * link's near end, where a {@code tbf} qdisc (a rate limit, so each frame waits its turn: about
 * 1 ms per kilobyte at 8 Mbit/s) holds it back. The receiving host takes it on the other
 * interface (Linux accepts a packet for any of its addresses on any interface, with reverse-path
 * filtering off, the default in a new namespace).
 *
 * <p>Nothing is lost as long as the slow link's queue holds what is diverted (the {@code tbf}
 * limit is 4 MB): send at a rate the slow link carries, or in paced bursts. Only frames of at
 * least {@code minimumLength} bytes are diverted (ARP and small control datagrams keep the fast
 * path). {@link #diverted()} is the program's count. IPv4 and IPv6 alike (the frame is moved
 * whole). Closing detaches the program; the qdisc goes with the namespaces.
 */
public final class LinkReordering implements AutoCloseable {

    private static final int SKB_LEN = 0;
    private static final int TC_ACT_OK = 0;

    private final int counter;
    private final int link;
    private boolean closed;

    private LinkReordering(int counter, int link) {
        this.counter = counter;
        this.link = link;
    }

    /**
     * Diverts a fraction {@code fraction} (0..1, in steps of 1/65536) of the frames of at least
     * {@code minimumLength} bytes that {@code fast.a()} sends, through {@code slow} (same two
     * namespaces, same direction), whose near end is limited to {@code rateKbit} kbit/s.
     */
    public static LinkReordering divert(VethLink fast, VethLink slow, double fraction, int minimumLength, int rateKbit)
            throws Exception {
        VethEnd from = fast.a();
        VethEnd slowFrom = slow.a();
        VethEnd slowTo = slow.b();
        if (from.namespace() != slowFrom.namespace() || fast.b().namespace() != slowTo.namespace()) {
            throw new IllegalArgumentException("the slow link must join the same namespaces in the same direction");
        }
        assumeTrue(Syscalls.bpfSupported(), "bpf(2) number unknown on " + System.getProperty("os.arch"));
        // A rate limit is the only delay this kernel offers: no netem. Burst of two frames, deep queue.
        try {
            slowFrom.namespace().tc("qdisc", "add", "dev", slowFrom.device(), "root", "tbf", "rate", rateKbit + "kbit",
                    "burst", "3200", "limit", "4000000");
        } catch (IOException e) {
            assumeTrue(false, "cannot limit the slow link's rate (tbf qdisc): " + e.getMessage());
        }
        byte[] mac = parseMac(slowTo.mac());
        int index = from.index();
        int slowIndex = slowFrom.index();
        int map = Bpf.arrayMap(8, 1);
        try {
            BpfAssembler a = new BpfAssembler();
            a.movReg(R6, R1);
            a.load(W, R0, R6, SKB_LEN).jump(JLT, R0, minimumLength, "pass");
            a.call(Bpf.HELPER_GET_PRANDOM_U32).and(R0, 0xffff)
                    .jump(JGE, R0, (int) Math.round(fraction * 65536), "pass");
            a.store(W, R10, -4, 0).movReg(R2, R10).add(R2, -4).loadMap(R1, map).call(Bpf.HELPER_MAP_LOOKUP_ELEM);
            a.jump(JEQ, R0, 0, "counted").mov(R1, 1).atomicAdd64(R0, 0, R1);
            a.label("counted");
            // The destination MAC (the frame's first 6 bytes) becomes the slow link's far end.
            ByteBuffer m = ByteBuffer.wrap(mac).order(ByteOrder.LITTLE_ENDIAN);
            a.store(W, R10, -16, m.getInt(0)).store(H, R10, -12, m.getShort(4));
            a.movReg(R1, R6).mov(R2, 0).movReg(R3, R10).add(R3, -16).mov(R4, 6).mov(R5, 0)
                    .call(Bpf.HELPER_SKB_STORE_BYTES);
            a.mov(R1, slowIndex).mov(R2, 0).call(Bpf.HELPER_REDIRECT).exit(); // TC_ACT_REDIRECT, or SHOT on failure
            a.label("pass").mov(R0, TC_ACT_OK).exit();
            int prog;
            try {
                prog = Bpf.load(a.assemble(), Bpf.PROG_TYPE_SCHED_CLS, 0, "salvo_reorder");
            } catch (Bpf.LoadException e) {
                assumeTrue(false, "the kernel refuses a tc BPF program here: " + e.getMessage());
                throw e;
            }
            try {
                int l = from.namespace().call(() -> Bpf.linkToDevice(prog, index, Bpf.ATTACH_TCX_EGRESS));
                return new LinkReordering(map, l);
            } catch (Syscalls.ErrnoException e) {
                assumeTrue(false, "cannot attach to tcx egress of " + from.device() + " (kernel 6.6+ needed): "
                        + e.getMessage());
                throw e;
            } finally {
                Syscalls.close(prog);
            }
        } catch (Exception | Error e) {
            Syscalls.close(map);
            throw e;
        }
    }

    private static byte[] parseMac(String text) {
        String[] parts = text.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /** Frames diverted to the slow link so far. */
    public long diverted() throws IOException {
        return ByteBuffer.wrap(Bpf.lookup(counter, 0, 8)).order(ByteOrder.nativeOrder()).getLong();
    }

    /** Detaches the program. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(link);
            Syscalls.close(counter);
        }
    }
}
