package io.salvo.testing.bpf;

import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.Syscalls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Callable;

import static io.salvo.testing.bpf.BpfAssembler.JEQ;
import static io.salvo.testing.bpf.BpfAssembler.JLT;
import static io.salvo.testing.bpf.BpfAssembler.R0;
import static io.salvo.testing.bpf.BpfAssembler.R1;
import static io.salvo.testing.bpf.BpfAssembler.R10;
import static io.salvo.testing.bpf.BpfAssembler.R2;
import static io.salvo.testing.bpf.BpfAssembler.R6;
import static io.salvo.testing.bpf.BpfAssembler.W;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Refuses a random fraction of the packets that sockets created through {@link #call} send, the
 * way a firewall's OUTPUT drop does: the send call fails with {@code EPERM} for that message.
 * A {@code cgroup_skb} egress BPF program on a cgroup of the fixture's own returns "drop", which
 * the kernel reports to the sender as {@code EPERM} (an nftables {@code drop} in the sender's
 * output chain does the same, but CI machines have no {@code nft} binary).
 *
 * <p>Only packets of at least {@code minimumLength} bytes (from the IP header on) are refused.
 * {@link #refused()} and {@link #allowed()} are the program's own counts of those packets.
 * {@code sendmmsg} reports only an error met on its first message: a later message refused ends
 * the call with a short count, and the caller's next call starts with that message, which then
 * faces the dice again. So refusals can outnumber the slots that end up refused. Closing detaches it and removes the cgroup. Skips
 * the test, saying why, where cgroup v2 or BPF is not usable.
 */
public final class SendRefusal implements AutoCloseable {

    private static final int ALLOW = 1;
    private static final int DROP = 0;
    private static final int SKB_LEN = 0;
    private static final int REFUSED = 0;
    private static final int ALLOWED = 1;

    private final Netns ns;
    private final Cgroup cgroup;
    private final int counter;
    private final int link;
    private boolean closed;

    private SendRefusal(Netns ns, Cgroup cgroup, int counter, int link) {
        this.ns = ns;
        this.cgroup = cgroup;
        this.counter = counter;
        this.link = link;
    }

    /**
     * Refuses a fraction {@code fraction} (0..1, in steps of 1/65536) of the packets of at least
     * {@code minimumLength} bytes sent by sockets created through {@link #call} in {@code ns}.
     */
    public static SendRefusal in(Netns ns, double fraction, int minimumLength) throws Exception {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be 0..1, got " + fraction);
        }
        assumeTrue(Syscalls.bpfSupported(), "bpf(2) number unknown on " + System.getProperty("os.arch"));
        String[] why = new String[1];
        Cgroup cgroup = Cgroup.create(why);
        assumeTrue(cgroup != null, () -> "cgroup v2 not usable: " + why[0]);
        int map = -1;
        try {
            map = Bpf.arrayMap(8, 2);
            BpfAssembler a = new BpfAssembler();
            a.movReg(R6, R1);
            a.load(W, R0, R6, SKB_LEN).jump(JLT, R0, minimumLength, "small");
            a.call(Bpf.HELPER_GET_PRANDOM_U32).and(R0, 0xffff)
                    .jump(BpfAssembler.JGE, R0, (int) Math.round(fraction * 65536), "allow");
            count(a, map, REFUSED, "drop");
            a.mov(R0, DROP).exit();
            a.label("allow");
            count(a, map, ALLOWED, "counted_allow");
            a.label("small").mov(R0, ALLOW).exit();
            int prog;
            try {
                prog = Bpf.load(a.assemble(), Bpf.PROG_TYPE_CGROUP_SKB, Bpf.ATTACH_CGROUP_INET_EGRESS, "salvo_refuse");
            } catch (Bpf.LoadException e) {
                assumeTrue(false, "the kernel refuses a cgroup_skb program here: " + e.getMessage());
                throw e;
            }
            try {
                return new SendRefusal(ns, cgroup, map, Bpf.linkToCgroup(prog, cgroup.fd(), Bpf.ATTACH_CGROUP_INET_EGRESS));
            } finally {
                Syscalls.close(prog); // the link holds the program
            }
        } catch (Exception | Error e) {
            if (map >= 0) {
                Syscalls.close(map);
            }
            cgroup.close();
            throw e;
        }
    }

    /**
     * Runs {@code task} in the namespace with the process inside the fixture's cgroup: sockets it
     * creates are the ones whose sends are refused. Blocks until the task ends.
     */
    public <T> T call(Callable<T> task) throws Exception {
        return cgroup.whileInside(() -> ns.call(task));
    }

    /** Adds one to the map's counter {@code key}; continues at {@code done}. */
    private static void count(BpfAssembler a, int map, int key, String done) {
        a.store(W, R10, -4, key).movReg(R2, R10).add(R2, -4).loadMap(R1, map).call(Bpf.HELPER_MAP_LOOKUP_ELEM);
        a.jump(JEQ, R0, 0, done).mov(R1, 1).atomicAdd64(R0, 0, R1);
        a.label(done);
    }

    /** Packets (of at least the minimum length) refused so far. */
    public long refused() throws IOException {
        return counter(REFUSED);
    }

    /** Packets (of at least the minimum length) let through so far. */
    public long allowed() throws IOException {
        return counter(ALLOWED);
    }

    private long counter(int key) throws IOException {
        return ByteBuffer.wrap(Bpf.lookup(counter, key, 8)).order(ByteOrder.nativeOrder()).getLong();
    }

    /** Detaches the program and removes the cgroup. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(link);
            Syscalls.close(counter);
            cgroup.close();
        }
    }
}
