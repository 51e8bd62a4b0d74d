package io.salvo.bench.jmh;

import io.salvo.packet.PacketBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The batch hot paths: refill 64 slots for a send, and walk 64 received slots' metadata without allocating. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PacketBatchBenchmark {

    private PacketBatch batch;

    @Setup
    public void setUp() {
        batch = PacketBatch.allocate(64, 1472, 0);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 4433);
        for (int i = 0; i < 64; i++) {
            batch.add(new byte[100], to);
        }
    }

    @TearDown
    public void tearDown() {
        batch.close();
    }

    @Benchmark
    public int refillSlotsForSend() {
        for (int i = 0; i < 64; i++) {
            batch.buffer(i).reset().writeLong(i).writeLong(-i);
        }
        batch.setCount(64);
        return batch.remaining();
    }

    @Benchmark
    public long readMetadataOfReceivedSlots() {
        long sum = 0;
        for (int i = 0; i < 64; i++) {
            sum += batch.length(i) + batch.peerPort(i) + batch.segmentSize(i) + (batch.isTruncated(i) ? 1 : 0);
            if (batch.samePeer(0, i)) {
                sum++;
            }
        }
        return sum;
    }
}
