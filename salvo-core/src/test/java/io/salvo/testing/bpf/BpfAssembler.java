package io.salvo.testing.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of an eBPF assembler for the fixtures here: 64-bit moves, adds and ands, memory
 * loads, conditional jumps to named labels, helper calls. Registers are 0..10 ({@code R10} is the
 * read-only frame pointer).
 */
final class BpfAssembler {

    static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, R6 = 6, R7 = 7, R8 = 8, R9 = 9, R10 = 10;

    /** Load sizes. */
    static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;

    /** Jump conditions (BPF_JMP class opcodes without the source bit). */
    static final int JEQ = 0x10, JGT = 0x20, JGE = 0x30, JNE = 0x50, JLT = 0xa0;

    private record Insn(int code, int dst, int src, int off, int imm, String target) {
    }

    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    private BpfAssembler add(int code, int dst, int src, int off, int imm, String target) {
        insns.add(new Insn(code, dst, src, off, imm, target));
        return this;
    }

    BpfAssembler label(String name) {
        if (labels.putIfAbsent(name, insns.size()) != null) {
            throw new IllegalArgumentException("label " + name + " defined twice");
        }
        return this;
    }

    /** dst = imm (sign-extended 32-bit). */
    BpfAssembler mov(int dst, int imm) {
        return add(0xb7, dst, 0, 0, imm, null);
    }

    /** dst = src. */
    BpfAssembler movReg(int dst, int src) {
        return add(0xbf, dst, src, 0, 0, null);
    }

    /** dst = imm64 (two instruction slots). */
    BpfAssembler loadImm64(int dst, long imm) {
        add(0x18, dst, 0, 0, (int) imm, null);
        return add(0x00, 0, 0, 0, (int) (imm >>> 32), null);
    }

    /** dst = the map with descriptor {@code fd} (a pseudo 64-bit load the kernel resolves). */
    BpfAssembler loadMap(int dst, int fd) {
        add(0x18, dst, 1, 0, fd, null); // src 1: BPF_PSEUDO_MAP_FD
        return add(0x00, 0, 0, 0, 0, null);
    }

    /** *(size *)(dst + off) = imm. */
    BpfAssembler store(int size, int dst, int off, int imm) {
        return add(0x62 | size, dst, 0, off, imm, null);
    }

    /** *(size *)(dst + off) = src. */
    BpfAssembler storeReg(int size, int dst, int off, int src) {
        return add(0x63 | size, dst, src, off, 0, null);
    }

    /** Atomically *(u64 *)(dst + off) += src. */
    BpfAssembler atomicAdd64(int dst, int off, int src) {
        return add(0xdb, dst, src, off, 0x00, null);
    }

    /** dst += imm. */
    BpfAssembler add(int dst, int imm) {
        return add(0x07, dst, 0, 0, imm, null);
    }

    /** dst += src. */
    BpfAssembler addReg(int dst, int src) {
        return add(0x0f, dst, src, 0, 0, null);
    }

    /** dst &= imm (sign-extended 32-bit). */
    BpfAssembler and(int dst, int imm) {
        return add(0x57, dst, 0, 0, imm, null);
    }

    /** dst = *(size *)(src + off). */
    BpfAssembler load(int size, int dst, int src, int off) {
        return add(0x61 | size, dst, src, off, 0, null);
    }

    /** if (dst op imm) goto target. */
    BpfAssembler jump(int op, int dst, int imm, String target) {
        return add(0x05 | op, dst, 0, 0, imm, target);
    }

    /** if (dst op src) goto target. */
    BpfAssembler jumpReg(int op, int dst, int src, String target) {
        return add(0x0d | op, dst, src, 0, 0, target);
    }

    /** goto target. */
    BpfAssembler jump(String target) {
        return add(0x05, 0, 0, 0, 0, target);
    }

    BpfAssembler call(int helper) {
        return add(0x85, 0, 0, 0, helper, null);
    }

    BpfAssembler exit() {
        return add(0x95, 0, 0, 0, 0, null);
    }

    int instructionCount() {
        return insns.size();
    }

    /** The program as the kernel takes it: 8 bytes per instruction, little-endian. */
    byte[] assemble() {
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            int off = in.off();
            if (in.target() != null) {
                Integer at = labels.get(in.target());
                if (at == null) {
                    throw new IllegalStateException("undefined label " + in.target());
                }
                off = at - i - 1;
            }
            out.put((byte) in.code()).put((byte) (in.dst() | in.src() << 4)).putShort((short) off).putInt(in.imm());
        }
        return out.array();
    }
}
