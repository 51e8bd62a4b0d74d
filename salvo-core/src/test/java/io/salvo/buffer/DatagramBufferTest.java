package io.salvo.buffer;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagramBufferTest {

    @Test
    void defaultCapacityIsEthernetMtuLessIpAndUdpHeaders() {
        assertThat(DatagramBuffer.DEFAULT_CAPACITY).isEqualTo(1500 - 28);
        DatagramBuffer b = DatagramBuffer.allocate();
        assertThat(b.capacity()).isEqualTo(1472);
        assertThat(b.headroom()).isZero();
    }

    @Test
    void prependPrefixUsesHeadroomWithoutMovingThePayload() {
        DatagramBuffer b = DatagramBuffer.allocate(100, 16);
        b.writeBytes(new byte[] {1, 2, 3});
        assertThat(b.prependPrefix(new byte[] {9, 8})).as("fast path").isFalse();
        assertThat(b.start()).isEqualTo(14);
        assertThat(b.toByteArray()).containsExactly(9, 8, 1, 2, 3);
        b.advance(2);
        assertThat(b.toByteArray()).containsExactly(1, 2, 3);
        assertThat(b.start()).isEqualTo(16);
    }

    @Test
    void prependPrefixMovesThePayloadWhenHeadroomIsShort() {
        DatagramBuffer b = DatagramBuffer.allocate(10, 1);
        b.writeBytes(new byte[] {1, 2, 3});
        assertThat(b.prependPrefix(new byte[] {7, 7, 7})).as("slow path").isTrue();
        assertThat(b.toByteArray()).containsExactly(7, 7, 7, 1, 2, 3);
        assertThat(b.headroom()).isZero();
    }

    @Test
    void prependPrefixThatCannotFitThrowsAndLeavesTheBufferAlone() {
        DatagramBuffer b = DatagramBuffer.allocate(4, 0);
        b.writeBytes(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> b.prependPrefix(new byte[] {5, 5}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("does not fit");
        assertThat(b.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void typedReadsAndWritesHonourByteOrder() {
        DatagramBuffer b = DatagramBuffer.allocate(64, 0);
        b.writeShort(0x0102).writeInt(0x03040506).writeLong(0x0708090A0B0C0D0EL)
                .writeShortLE(0x0102).writeIntLE(0x03040506).writeLongLE(0x0708090A0B0C0D0EL).writeByte(0xFF);
        assertThat(b.getByte(0)).isEqualTo((byte) 1);
        assertThat(b.getByte(14)).isEqualTo((byte) 2);
        assertThat(b.readShort()).isEqualTo((short) 0x0102);
        assertThat(b.readInt()).isEqualTo(0x03040506);
        assertThat(b.readLong()).isEqualTo(0x0708090A0B0C0D0EL);
        assertThat(b.readShortLE()).isEqualTo((short) 0x0102);
        assertThat(b.readIntLE()).isEqualTo(0x03040506);
        assertThat(b.readLongLE()).isEqualTo(0x0708090A0B0C0D0EL);
        assertThat(b.readUnsignedByte()).isEqualTo(255);
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void outOfBoundsAccessIsRejectedPrecisely() {
        DatagramBuffer b = DatagramBuffer.allocate(8, 0);
        b.writeInt(1);
        assertThatThrownBy(() -> b.getInt(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("payload offset 1");
        assertThatThrownBy(() -> b.writeLong(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("tailroom 4");
        assertThatThrownBy(() -> b.advance(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.readLong()).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(b.length()).isEqualTo(4);
    }

    @Test
    void readProcessResetLoopReusesTheSameMemory() {
        DatagramBuffer b = DatagramBuffer.allocate(32, 8);
        for (int i = 0; i < 3; i++) {
            b.writeInt(i);
            assertThat(b.readInt()).isEqualTo(i);
            b.reset();
            assertThat(b.start()).isEqualTo(8);
            assertThat(b.length()).isZero();
        }
    }

    @Test
    void wrapRefusesHeapMemory() {
        assertThatThrownBy(() -> DatagramBuffer.wrap(MemorySegment.ofArray(new byte[10]), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native");
        try (Arena arena = Arena.ofConfined()) {
            DatagramBuffer b = DatagramBuffer.wrap(arena.allocate(20), 4);
            assertThat(b.capacity()).isEqualTo(16);
        }
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> DatagramBuffer.allocate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatagramBuffer.allocate(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatagramBuffer.allocate(Integer.MAX_VALUE, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
