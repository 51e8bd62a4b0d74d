package io.salvo.buffer;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferPoolTest {

    @Test
    void acquireHandsOutDistinctResetBuffersUntilEmpty() {
        try (BufferPool pool = BufferPool.create(4, 256, 16)) {
            Set<DatagramBuffer> out = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                DatagramBuffer b = pool.acquire();
                assertThat(b.start()).isEqualTo(16);
                assertThat(b.capacity()).isEqualTo(256);
                out.add(b);
            }
            assertThat(out).hasSize(4);
            assertThat(pool.acquire()).isNull();
            out.forEach(pool::release);
            assertThat(pool.available()).isEqualTo(4);
        }
    }

    @Test
    void doubleReleaseAndForeignBuffersAreRejected() {
        try (BufferPool pool = BufferPool.create(2, 64, 0); BufferPool other = BufferPool.create(1, 64, 0)) {
            DatagramBuffer b = pool.acquire();
            pool.release(b);
            assertThatThrownBy(() -> pool.release(b)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> pool.release(other.acquire())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.release(DatagramBuffer.allocate())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeWaitsForOutstandingBuffersBeforeFreeingMemory() {
        BufferPool pool = BufferPool.create(2, 64, 0);
        DatagramBuffer kept = pool.acquire();
        pool.close();
        assertThat(pool.acquire()).isNull();
        kept.writeInt(42);
        assertThat(kept.getInt(0)).as("still valid while out").isEqualTo(42);
        pool.release(kept);
        assertThatThrownBy(() -> kept.getInt(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseFromAnotherThreadIsSafe() throws InterruptedException {
        try (BufferPool pool = BufferPool.create(64, 64, 0)) {
            for (int round = 0; round < 200; round++) {
                DatagramBuffer[] taken = new DatagramBuffer[64];
                for (int i = 0; i < 64; i++) {
                    taken[i] = pool.acquire();
                }
                Thread t = Thread.ofPlatform().start(() -> {
                    for (DatagramBuffer b : taken) {
                        pool.release(b);
                    }
                });
                t.join();
                assertThat(pool.available()).isEqualTo(64);
            }
        }
    }
}
