package io.salvo.testing.bpf;

import io.salvo.testing.netns.Syscalls;
import io.salvo.testing.netns.VethEnd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.salvo.testing.bpf.BpfAssembler.JEQ;
import static io.salvo.testing.bpf.BpfAssembler.JGE;
import static io.salvo.testing.bpf.BpfAssembler.JLT;
import static io.salvo.testing.bpf.BpfAssembler.R0;
import static io.salvo.testing.bpf.BpfAssembler.R1;
import static io.salvo.testing.bpf.BpfAssembler.R10;
import static io.salvo.testing.bpf.BpfAssembler.R2;
import static io.salvo.testing.bpf.BpfAssembler.R3;
import static io.salvo.testing.bpf.BpfAssembler.R6;
import static io.salvo.testing.bpf.BpfAssembler.W;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Random loss and duplication of the packets arriving on one veth end, counted by the kernel: a
 * {@code SCHED_CLS} BPF program on the interface's tcx ingress hook drops a packet with one
 * probability ({@code TC_ACT_SHOT}: silent, as a lossy link is) and clones it back into the same
 * ingress with another ({@code bpf_clone_redirect}), so the receiving socket sees it twice.
 *
 * <p><b>Why not netem or nftables.</b> The test kernel (6.18) has no {@code netem} qdisc and no
 * {@code gact} action or {@code matchall} classifier, and CI machines have no {@code nft} binary;
 * the BPF program needs only the bpf(2) system call. Only packets of at least
 * {@code minimumLength} bytes (from the Ethernet header on: tc programs see the frame) are touched, so a test's small control
 * datagrams pass whole. A clone carries a mark that the program lets through, so it is neither
 * dropped nor cloned again.
 *
 * <p>{@link #dropped()} and {@link #duplicated()} are the program's own counts (a map read through
 * bpf(2)): the exact number of packets it dropped and of extra copies it made. A GSO super-packet
 * crossing the veth whole is one packet to the program, so send without GSO when counting
 * datagrams. Closing detaches the program (so does the JVM's death). Not thread-safe to close
 * concurrently with reads.
 */
public final class LinkImpairment implements AutoCloseable {

    /** The mark a clone carries; the program passes marked packets untouched. */
    private static final int CLONE_MARK = 0x5a1d0b;
    private static final int SKB_LEN = 0;
    private static final int SKB_MARK = 8;
    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;
    private static final int BPF_F_INGRESS = 1;
    private static final int DROPPED = 0;
    private static final int DUPLICATED = 1;

    private final VethEnd end;
    private final int counters;
    private final int link;
    private boolean closed;

    private LinkImpairment(VethEnd end, int counters, int link) {
        this.end = end;
        this.counters = counters;
        this.link = link;
    }

    /**
     * Starts dropping a fraction {@code loss} and duplicating a fraction {@code duplicate} (each
     * 0..1, in steps of 1/65536) of the frames of at least {@code minimumLength} bytes arriving on
     * {@code end}. Skips the test, saying why, where the kernel refuses the program or the hook.
     */
    public static LinkImpairment onIngress(VethEnd end, double loss, double duplicate, int minimumLength)
            throws Exception {
        if (!(loss >= 0 && loss <= 1 && duplicate >= 0 && duplicate <= 1)) {
            throw new IllegalArgumentException("loss and duplicate are fractions 0..1: " + loss + ", " + duplicate);
        }
        assumeTrue(Syscalls.bpfSupported(), "bpf(2) number unknown on " + System.getProperty("os.arch"));
        int index = end.index();
        int map;
        try {
            map = Bpf.arrayMap(8, 2);
        } catch (Syscalls.ErrnoException e) {
            assumeTrue(false, "cannot create a BPF map here: " + e.getMessage());
            throw e;
        }
        try {
            byte[] program = program(map, index, threshold(loss), threshold(duplicate), minimumLength);
            int prog;
            try {
                prog = Bpf.load(program, Bpf.PROG_TYPE_SCHED_CLS, 0, "salvo_impair");
            } catch (Bpf.LoadException e) {
                assumeTrue(false, "the kernel refuses a tc BPF program here: " + e.getMessage());
                throw e;
            }
            try {
                // tcx resolves the interface index in the caller's namespace: link from inside it.
                int l = end.namespace().call(() -> Bpf.linkToDevice(prog, index, Bpf.ATTACH_TCX_INGRESS));
                return new LinkImpairment(end, map, l);
            } catch (Syscalls.ErrnoException e) {
                assumeTrue(false, "cannot attach to tcx ingress of " + end.device() + " (kernel 6.6+ needed): "
                        + e.getMessage());
                throw e;
            } finally {
                Syscalls.close(prog); // the link holds the program
            }
        } catch (Exception | Error e) {
            Syscalls.close(map);
            throw e;
        }
    }

    private static int threshold(double fraction) {
        return (int) Math.round(fraction * 65536);
    }

    private static byte[] program(int map, int interfaceIndex, int lossThreshold, int duplicateThreshold,
                                  int minimumLength) {
        BpfAssembler a = new BpfAssembler();
        a.movReg(R6, R1);
        a.load(W, R0, R6, SKB_MARK).jump(JEQ, R0, CLONE_MARK, "pass");
        a.load(W, R0, R6, SKB_LEN).jump(JLT, R0, minimumLength, "pass");
        a.call(Bpf.HELPER_GET_PRANDOM_U32).and(R0, 0xffff).jump(JLT, R0, lossThreshold, "drop");
        a.call(Bpf.HELPER_GET_PRANDOM_U32).and(R0, 0xffff).jump(JGE, R0, duplicateThreshold, "pass");
        count(a, map, DUPLICATED, "counted_duplicate");
        // The clone inherits the mark; the original's is put back, so neither is seen as ours later.
        a.mov(R1, CLONE_MARK).storeReg(W, R6, SKB_MARK, R1);
        a.movReg(R1, R6).mov(R2, interfaceIndex).mov(R3, BPF_F_INGRESS).call(Bpf.HELPER_CLONE_REDIRECT);
        a.mov(R1, 0).storeReg(W, R6, SKB_MARK, R1);
        a.jump("pass");
        a.label("drop");
        count(a, map, DROPPED, "counted_drop");
        a.mov(R0, TC_ACT_SHOT).exit();
        a.label("pass").mov(R0, TC_ACT_OK).exit();
        return a.assemble();
    }

    /** Adds one to the map's counter {@code key}; continues at {@code done}. */
    private static void count(BpfAssembler a, int map, int key, String done) {
        a.store(W, R10, -4, key).movReg(R2, R10).add(R2, -4).loadMap(R1, map).call(Bpf.HELPER_MAP_LOOKUP_ELEM);
        a.jump(JEQ, R0, 0, done).mov(R1, 1).atomicAdd64(R0, 0, R1);
        a.label(done);
    }

    /** Packets the program dropped so far. */
    public long dropped() throws IOException {
        return counter(DROPPED);
    }

    /** Extra copies the program injected so far (one per duplicated packet). */
    public long duplicated() throws IOException {
        return counter(DUPLICATED);
    }

    private long counter(int key) throws IOException {
        return ByteBuffer.wrap(Bpf.lookup(counters, key, 8)).order(ByteOrder.nativeOrder()).getLong();
    }

    /** Detaches the program. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(link);
            Syscalls.close(counters);
        }
    }

    @Override
    public String toString() {
        return "LinkImpairment[" + end + "]";
    }
}
