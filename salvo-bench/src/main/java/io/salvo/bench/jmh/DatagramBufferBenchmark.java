package io.salvo.bench.jmh;

import io.salvo.buffer.DatagramBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** The buffer hot paths: write a header and payload, prepend a prefix into headroom, read it back, reset. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DatagramBufferBenchmark {

    private final DatagramBuffer buffer = DatagramBuffer.allocate(1472, 16);
    private final byte[] payload = new byte[1200];
    private final byte[] prefix = {1, 2, 3, 4, 5, 6, 7, 8};

    @Benchmark
    public long writeHeaderAndPayloadThenRead() {
        buffer.reset().writeInt(0xC0FFEE).writeLong(42).writeBytes(payload);
        long v = buffer.readInt();
        v += buffer.readLong();
        return v + buffer.length();
    }

    @Benchmark
    public int prependPrefixIntoHeadroomAndStripIt() {
        buffer.reset().writeLong(7);
        buffer.prependPrefix(prefix);
        int first = buffer.getByte(0);
        buffer.advance(prefix.length);
        return first + buffer.length();
    }

    @Benchmark
    public long typedLittleEndianAccess() {
        buffer.reset().writeIntLE(1).writeLongLE(2).writeShortLE(3);
        return buffer.getIntLE(0) + buffer.getLongLE(4) + buffer.getShortLE(12);
    }
}
