package io.salvo.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One datagram's bytes in native memory, with room in front of the payload for headers.
 *
 * <p>The backing {@link MemorySegment} is split into three parts:
 * <pre>
 *   0 ........ start ........ end ........ size
 *   [ headroom ][   payload   ][  tailroom  ]
 * </pre>
 * The payload window {@code [start, end)} is what a transport sends and where it receives. Writes
 * ({@code writeXxx}) append at {@code end}; reads ({@code readXxx}) consume from {@code start};
 * {@code getXxx}/{@code setXxx} address the payload by offset without moving the window.
 * {@link #prependPrefix(byte[])} writes a header into the headroom without moving the payload,
 * and {@link #advance(int)} strips one in O(1). {@link #reset()} empties the window back to the
 * headroom reserved at creation, ready for the next receive: a read-process-reset loop never copies.
 *
 * <p>Multi-byte values are big-endian (network order) unless the method name ends in {@code LE}.
 * Every access is bounds-checked against the window and throws {@link IndexOutOfBoundsException}
 * naming the offending offset; a failed check leaves the buffer unchanged.
 *
 * <p><b>Threads and ownership.</b> Not thread-safe: one owner at a time. A buffer lent to a
 * transport call belongs to the transport until the call returns. Buffers from a
 * {@link BufferPool} go back with {@link BufferPool#release(DatagramBuffer)}; standalone buffers
 * made by {@link #allocate(int, int)} are freed by the garbage collector.
 *
 * <p><b>Allocation.</b> Only {@link #allocate}, {@link #wrap}, {@link #payload()} and
 * {@link #toByteArray()} allocate; every read, write and window move is allocation-free.
 */
public final class DatagramBuffer {

    /** Ethernet MTU (1500) less the IPv4 and UDP headers (28): the largest unfragmented UDP payload. */
    public static final int DEFAULT_CAPACITY = 1472;

    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final int size;
    private final int reservedHeadroom;
    private int start;
    private int end;

    /** Set by the pool that owns this buffer; null for standalone buffers. */
    final BufferPool pool;
    /** True while the buffer sits in its pool (guards against double release and use-after-release). */
    boolean pooled;

    DatagramBuffer(MemorySegment segment, int headroom, BufferPool pool) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a DatagramBuffer needs native memory, got a heap segment");
        }
        if (segment.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment too large for a datagram buffer: " + segment.byteSize());
        }
        this.segment = segment;
        this.size = (int) segment.byteSize();
        if (headroom < 0 || headroom > size) {
            throw new IllegalArgumentException("headroom " + headroom + " outside [0, " + size + "]");
        }
        this.reservedHeadroom = headroom;
        this.pool = pool;
        this.start = headroom;
        this.end = headroom;
    }

    /**
     * Allocates a standalone buffer of {@code headroom + capacity} bytes of native memory, freed by
     * the garbage collector once unreachable.
     *
     * @param capacity largest payload the buffer holds after its headroom (1472 is typical)
     * @param headroom bytes kept free in front of the payload for prefixes
     */
    public static DatagramBuffer allocate(int capacity, int headroom) {
        checkSizes(capacity, headroom);
        return new DatagramBuffer(Arena.ofAuto().allocate((long) capacity + headroom, 8), headroom, null);
    }

    /** A standalone buffer of {@link #DEFAULT_CAPACITY} bytes and no headroom. */
    public static DatagramBuffer allocate() {
        return allocate(DEFAULT_CAPACITY, 0);
    }

    /**
     * Wraps caller-owned native memory. The caller keeps ownership: the memory must outlive every
     * use of the buffer, including transport calls in flight.
     */
    public static DatagramBuffer wrap(MemorySegment nativeSegment, int headroom) {
        return new DatagramBuffer(nativeSegment, headroom, null);
    }

    static void checkSizes(int capacity, int headroom) {
        if (capacity <= 0 || headroom < 0 || (long) capacity + headroom > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity must be > 0 and headroom >= 0, got capacity="
                    + capacity + " headroom=" + headroom);
        }
    }

    // ---------------------------------------------------------------- window

    /** The whole backing memory, headroom and tailroom included. Offsets below are relative to it. */
    public MemorySegment segment() {
        return segment;
    }

    /** Total bytes of backing memory. */
    public int size() {
        return size;
    }

    /** Largest payload that fits after the headroom reserved at creation. */
    public int capacity() {
        return size - reservedHeadroom;
    }

    /** Headroom reserved at creation; {@link #reset()} returns the window start here. */
    public int reservedHeadroom() {
        return reservedHeadroom;
    }

    /** Offset of the first payload byte in {@link #segment()}; also the headroom now free. */
    public int start() {
        return start;
    }

    /** Offset just past the last payload byte in {@link #segment()}. */
    public int end() {
        return end;
    }

    /** Bytes free in front of the payload. */
    public int headroom() {
        return start;
    }

    /** Bytes free after the payload. */
    public int tailroom() {
        return size - end;
    }

    /** Payload length in bytes. */
    public int length() {
        return end - start;
    }

    /** True when the payload is empty. */
    public boolean isEmpty() {
        return end == start;
    }

    /** Empties the payload and puts its start back at the reserved headroom. O(1), no copy. */
    public DatagramBuffer reset() {
        start = reservedHeadroom;
        end = reservedHeadroom;
        return this;
    }

    /** Sets the payload window to {@code [start, end)} of the backing memory. */
    public DatagramBuffer setWindow(int start, int end) {
        if (start < 0 || start > end || end > size) {
            throw new IndexOutOfBoundsException("window [" + start + ", " + end + ") outside [0, " + size + "]");
        }
        this.start = start;
        this.end = end;
        return this;
    }

    /** Sets the payload length, keeping its start; used after data was written straight into memory. */
    public DatagramBuffer setLength(int length) {
        if (length < 0 || length > size - start) {
            throw new IndexOutOfBoundsException("length " + length + " outside [0, " + (size - start) + "]");
        }
        end = start + length;
        return this;
    }

    /** Strips {@code n} bytes from the front of the payload in O(1) (they become headroom). */
    public DatagramBuffer advance(int n) {
        checkReadable(n);
        start += n;
        return this;
    }

    /** Keeps only the first {@code n} payload bytes. */
    public DatagramBuffer truncate(int n) {
        checkReadable(n);
        end = start + n;
        return this;
    }

    // ---------------------------------------------------------------- prefixes

    /**
     * Makes room for an {@code n}-byte prefix in front of the payload and moves the window start
     * onto it; the caller then fills it with {@code setXxx(0, ...)}.
     *
     * <p>Fast path: when {@link #headroom()} {@code >= n} nothing moves. Slow path: otherwise the
     * payload is copied towards the tail (O(payload length)) to open the gap; that needs
     * {@code n - headroom()} bytes of tailroom, else {@link IndexOutOfBoundsException} and nothing moves.
     *
     * @return true if the slow path moved the payload
     */
    public boolean reservePrefix(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("prefix length must be >= 0, got " + n);
        }
        boolean moved = ensureHeadroom(n);
        start -= n;
        return moved;
    }

    /**
     * Guarantees at least {@code n} bytes of headroom, moving the payload towards the tail when
     * short (the slow path: O(payload length)).
     *
     * @return true if the payload moved
     * @throws IndexOutOfBoundsException if the tailroom cannot absorb the move; the buffer is unchanged
     */
    public boolean ensureHeadroom(int n) {
        if (start >= n) {
            return false;
        }
        int shift = n - start;
        if (shift > size - end) {
            throw new IndexOutOfBoundsException("prefix of " + n + " bytes does not fit: headroom " + start
                    + ", tailroom " + (size - end));
        }
        MemorySegment.copy(segment, start, segment, start + shift, end - start);
        start += shift;
        end += shift;
        return true;
    }

    /** Writes {@code prefix} in front of the payload; see {@link #reservePrefix(int)} for the two paths. */
    public boolean prependPrefix(byte[] prefix) {
        boolean moved = reservePrefix(prefix.length);
        MemorySegment.copy(prefix, 0, segment, ValueLayout.JAVA_BYTE, start, prefix.length);
        return moved;
    }

    /** Writes the bytes of {@code prefix} in front of the payload; see {@link #reservePrefix(int)}. */
    public boolean prependPrefix(MemorySegment prefix) {
        int n = Math.toIntExact(prefix.byteSize());
        boolean moved = reservePrefix(n);
        MemorySegment.copy(prefix, 0, segment, start, n);
        return moved;
    }

    // ---------------------------------------------------------------- appends (at end)

    public DatagramBuffer writeByte(int value) {
        int at = reserveTail(1);
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) value);
        return this;
    }

    public DatagramBuffer writeShort(int value) {
        segment.set(SHORT_BE, reserveTail(2), (short) value);
        return this;
    }

    public DatagramBuffer writeShortLE(int value) {
        segment.set(SHORT_LE, reserveTail(2), (short) value);
        return this;
    }

    public DatagramBuffer writeInt(int value) {
        segment.set(INT_BE, reserveTail(4), value);
        return this;
    }

    public DatagramBuffer writeIntLE(int value) {
        segment.set(INT_LE, reserveTail(4), value);
        return this;
    }

    public DatagramBuffer writeLong(long value) {
        segment.set(LONG_BE, reserveTail(8), value);
        return this;
    }

    public DatagramBuffer writeLongLE(long value) {
        segment.set(LONG_LE, reserveTail(8), value);
        return this;
    }

    public DatagramBuffer writeBytes(byte[] src) {
        return writeBytes(src, 0, src.length);
    }

    public DatagramBuffer writeBytes(byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        int at = reserveTail(length);
        MemorySegment.copy(src, offset, segment, ValueLayout.JAVA_BYTE, at, length);
        return this;
    }

    public DatagramBuffer writeBytes(MemorySegment src) {
        int n = Math.toIntExact(src.byteSize());
        int at = reserveTail(n);
        MemorySegment.copy(src, 0, segment, at, n);
        return this;
    }

    /** Appends the payload of {@code other} (its window is not changed). */
    public DatagramBuffer writeBytes(DatagramBuffer other) {
        int n = other.length();
        int at = reserveTail(n);
        MemorySegment.copy(other.segment, other.start, segment, at, n);
        return this;
    }

    private int reserveTail(int n) {
        if (n > size - end) {
            throw new IndexOutOfBoundsException("write of " + n + " bytes exceeds tailroom " + (size - end));
        }
        int at = end;
        end += n;
        return at;
    }

    // ---------------------------------------------------------------- consuming reads (from start)

    public byte readByte() {
        byte v = getByte(0);
        start += 1;
        return v;
    }

    public int readUnsignedByte() {
        return readByte() & 0xFF;
    }

    public short readShort() {
        short v = getShort(0);
        start += 2;
        return v;
    }

    public short readShortLE() {
        short v = getShortLE(0);
        start += 2;
        return v;
    }

    public int readUnsignedShort() {
        return readShort() & 0xFFFF;
    }

    public int readInt() {
        int v = getInt(0);
        start += 4;
        return v;
    }

    public int readIntLE() {
        int v = getIntLE(0);
        start += 4;
        return v;
    }

    public long readLong() {
        long v = getLong(0);
        start += 8;
        return v;
    }

    public long readLongLE() {
        long v = getLongLE(0);
        start += 8;
        return v;
    }

    /** Copies the next {@code dst.length} payload bytes into {@code dst} and consumes them. */
    public DatagramBuffer readBytes(byte[] dst) {
        return readBytes(dst, 0, dst.length);
    }

    public DatagramBuffer readBytes(byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        checkReadable(length);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, start, dst, offset, length);
        start += length;
        return this;
    }

    // ---------------------------------------------------------------- absolute access (payload offsets)

    public byte getByte(int index) {
        return segment.get(ValueLayout.JAVA_BYTE, at(index, 1));
    }

    public short getShort(int index) {
        return segment.get(SHORT_BE, at(index, 2));
    }

    public short getShortLE(int index) {
        return segment.get(SHORT_LE, at(index, 2));
    }

    public int getInt(int index) {
        return segment.get(INT_BE, at(index, 4));
    }

    public int getIntLE(int index) {
        return segment.get(INT_LE, at(index, 4));
    }

    public long getLong(int index) {
        return segment.get(LONG_BE, at(index, 8));
    }

    public long getLongLE(int index) {
        return segment.get(LONG_LE, at(index, 8));
    }

    public DatagramBuffer setByte(int index, int value) {
        segment.set(ValueLayout.JAVA_BYTE, at(index, 1), (byte) value);
        return this;
    }

    public DatagramBuffer setShort(int index, int value) {
        segment.set(SHORT_BE, at(index, 2), (short) value);
        return this;
    }

    public DatagramBuffer setShortLE(int index, int value) {
        segment.set(SHORT_LE, at(index, 2), (short) value);
        return this;
    }

    public DatagramBuffer setInt(int index, int value) {
        segment.set(INT_BE, at(index, 4), value);
        return this;
    }

    public DatagramBuffer setIntLE(int index, int value) {
        segment.set(INT_LE, at(index, 4), value);
        return this;
    }

    public DatagramBuffer setLong(int index, long value) {
        segment.set(LONG_BE, at(index, 8), value);
        return this;
    }

    public DatagramBuffer setLongLE(int index, long value) {
        segment.set(LONG_LE, at(index, 8), value);
        return this;
    }

    /** Copies {@code length} payload bytes from payload offset {@code index} into {@code dst}. */
    public DatagramBuffer getBytes(int index, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at(index, length), dst, offset, length);
        return this;
    }

    /** Overwrites payload bytes starting at payload offset {@code index}. */
    public DatagramBuffer setBytes(int index, byte[] src) {
        MemorySegment.copy(src, 0, segment, ValueLayout.JAVA_BYTE, at(index, src.length), src.length);
        return this;
    }

    /** A slice over the payload window. Allocates the slice object; prefer the typed accessors on hot paths. */
    public MemorySegment payload() {
        return segment.asSlice(start, end - start);
    }

    /** A fresh array with a copy of the payload. Allocates. */
    public byte[] toByteArray() {
        byte[] out = new byte[end - start];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, start, out, 0, out.length);
        return out;
    }

    /** True when both payloads hold the same bytes. */
    public boolean contentEquals(DatagramBuffer other) {
        return MemorySegment.mismatch(segment, start, end, other.segment, other.start, other.end) == -1;
    }

    private long at(int index, int width) {
        if (index < 0 || width > end - start - index) {
            throw new IndexOutOfBoundsException("access of " + width + " bytes at payload offset " + index
                    + " outside payload of " + (end - start) + " bytes");
        }
        return (long) start + index;
    }

    private void checkReadable(int n) {
        if (n < 0 || n > end - start) {
            throw new IndexOutOfBoundsException(n + " bytes requested, payload holds " + (end - start));
        }
    }

    @Override
    public String toString() {
        return "DatagramBuffer[headroom=" + start + ", length=" + (end - start) + ", tailroom=" + (size - end) + "]";
    }
}
