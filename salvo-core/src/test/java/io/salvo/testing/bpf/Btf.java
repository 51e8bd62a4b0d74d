package io.salvo.testing.bpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reader for the kernel's own type information ({@code /sys/kernel/btf/vmlinux}): enough to find
 * the byte offset of a struct member in this very kernel, so a BPF program can read kernel
 * structures without offsets compiled in.
 */
final class Btf {

    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private static final int KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_UNION = 5,
            KIND_ENUM = 6, KIND_FWD = 7, KIND_TYPEDEF = 8, KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11,
            KIND_FUNC = 12, KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_FLOAT = 16,
            KIND_DECL_TAG = 17, KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;

    private final ByteBuffer data;
    private final int strings;
    private final int[] typeStart; // byte position of type id i (1-based; 0 is void)
    private final int count;

    private Btf(ByteBuffer data) throws IOException {
        this.data = data.order(ByteOrder.LITTLE_ENDIAN);
        if ((data.getShort(0) & 0xffff) != 0xeb9f) {
            throw new IOException("not BTF (magic " + Integer.toHexString(data.getShort(0) & 0xffff) + ")");
        }
        int headerLength = data.getInt(4);
        int typeOff = headerLength + data.getInt(8);
        int typeLen = data.getInt(12);
        this.strings = headerLength + data.getInt(16);
        int[] starts = new int[1 << 16];
        int n = 1;
        for (int p = typeOff; p < typeOff + typeLen; ) {
            if (n == starts.length) {
                starts = java.util.Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = p;
            p += 12 + trailer(p);
        }
        this.typeStart = starts;
        this.count = n;
    }

    static Btf readVmlinux() throws IOException {
        return new Btf(ByteBuffer.wrap(Files.readAllBytes(VMLINUX)));
    }

    private int info(int id) {
        return data.getInt(typeStart[id] + 4);
    }

    private int kind(int id) {
        return (info(id) >>> 24) & 0x1f;
    }

    private int vlen(int id) {
        return info(id) & 0xffff;
    }

    private boolean kflag(int id) {
        return info(id) < 0;
    }

    private int sizeOrType(int id) {
        return data.getInt(typeStart[id] + 8);
    }

    private String name(int id) {
        return string(data.getInt(typeStart[id]));
    }

    private String string(int offset) {
        int start = strings + offset;
        int end = start;
        while (data.get(end) != 0) {
            end++;
        }
        return new String(data.array(), start, end - start, StandardCharsets.US_ASCII);
    }

    /** Bytes after the 12-byte common header of the type at {@code p}. */
    private int trailer(int p) {
        int info = data.getInt(p + 4);
        int kind = (info >>> 24) & 0x1f;
        int vlen = info & 0xffff;
        return switch (kind) {
            case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
            case KIND_ARRAY -> 12;
            case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> vlen * 12;
            case KIND_ENUM, KIND_FUNC_PROTO -> vlen * 8;
            case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FLOAT,
                 KIND_TYPE_TAG -> 0;
            default -> throw new IllegalStateException("unknown BTF kind " + kind);
        };
    }

    private int struct(String name) {
        for (int id = 1; id < count; id++) {
            if ((kind(id) == KIND_STRUCT || kind(id) == KIND_UNION) && vlen(id) > 0 && name(id).equals(name)) {
                return id;
            }
        }
        throw new IllegalArgumentException("no struct " + name + " in this kernel's BTF");
    }

    private int skipModifiers(int id) {
        while (true) {
            int k = kind(id);
            if (k != KIND_TYPEDEF && k != KIND_VOLATILE && k != KIND_CONST && k != KIND_RESTRICT && k != KIND_TYPE_TAG) {
                return id;
            }
            id = sizeOrType(id);
        }
    }

    /**
     * Byte offset of {@code path} ("__sk_common.skc_net.net") inside struct {@code struct}, looking
     * through anonymous unions and structs on the way, as C does.
     */
    int offsetOf(String struct, String path) {
        int type = struct(struct);
        long bits = 0;
        for (String member : path.split("\\.")) {
            long[] found = member(skipModifiers(type), member);
            if (found == null) {
                throw new IllegalArgumentException("no member " + member + " in " + struct + "." + path);
            }
            bits += found[0];
            type = (int) found[1];
        }
        if (bits % 8 != 0) {
            throw new IllegalArgumentException(struct + "." + path + " is a bit field");
        }
        return (int) (bits / 8);
    }

    /** {bit offset, type id} of {@code name} in a struct or union, anonymous members searched too. */
    private long[] member(int id, String name) {
        int k = kind(id);
        if (k != KIND_STRUCT && k != KIND_UNION) {
            return null;
        }
        int p = typeStart[id] + 12;
        for (int i = 0; i < vlen(id); i++, p += 12) {
            String memberName = string(data.getInt(p));
            int memberType = data.getInt(p + 4);
            long offset = kflag(id) ? data.getInt(p + 8) & 0xffffff : data.getInt(p + 8) & 0xffffffffL;
            if (memberName.equals(name)) {
                return new long[] {offset, memberType};
            }
            if (memberName.isEmpty()) {
                long[] inner = member(skipModifiers(memberType), name);
                if (inner != null) {
                    return new long[] {offset + inner[0], inner[1]};
                }
            }
        }
        return null;
    }
}
