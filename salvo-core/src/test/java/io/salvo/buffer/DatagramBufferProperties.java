package io.salvo.buffer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window invariants under any sequence of operations, checked against a plain byte-array model:
 * {@code 0 <= start <= end <= size}, and the payload always equals the model's bytes; a rejected
 * operation changes nothing.
 */
class DatagramBufferProperties {

    sealed interface Op permits Write, Prepend, Advance, Truncate, Reset, ReadInt {}
    record Write(byte[] bytes) implements Op {}
    record Prepend(byte[] bytes) implements Op {}
    record Advance(int n) implements Op {}
    record Truncate(int n) implements Op {}
    record Reset() implements Op {}
    record ReadInt() implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<Op> op = Arbitraries.oneOf(
                bytes.map(Write::new),
                bytes.map(Prepend::new),
                Arbitraries.integers().between(0, 50).map(Advance::new),
                Arbitraries.integers().between(0, 50).map(Truncate::new),
                Arbitraries.just(new Reset()),
                Arbitraries.just(new ReadInt()));
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void windowMatchesModelAfterAnyOperations(@ForAll("ops") List<Op> ops,
                                              @ForAll @IntRange(min = 1, max = 120) int capacity,
                                              @ForAll @IntRange(min = 0, max = 32) int headroom) {
        DatagramBuffer b = DatagramBuffer.allocate(capacity, headroom);
        byte[] model = new byte[0];
        for (Op op : ops) {
            int startBefore = b.start();
            int endBefore = b.end();
            byte[] before = b.toByteArray();
            try {
                switch (op) {
                    case Write w -> {
                        b.writeBytes(w.bytes());
                        model = concat(model, w.bytes());
                    }
                    case Prepend p -> {
                        boolean moved = b.prependPrefix(p.bytes());
                        assertThat(moved).isEqualTo(startBefore < p.bytes().length);
                        model = concat(p.bytes(), model);
                    }
                    case Advance a -> {
                        b.advance(a.n());
                        model = Arrays.copyOfRange(model, a.n(), model.length);
                    }
                    case Truncate t -> {
                        b.truncate(t.n());
                        model = Arrays.copyOf(model, t.n());
                    }
                    case Reset r -> {
                        b.reset();
                        model = new byte[0];
                        assertThat(b.start()).isEqualTo(headroom);
                    }
                    case ReadInt r -> {
                        int v = b.readInt();
                        int expected = ((model[0] & 0xFF) << 24) | ((model[1] & 0xFF) << 16) | ((model[2] & 0xFF) << 8) | (model[3] & 0xFF);
                        assertThat(v).isEqualTo(expected);
                        model = Arrays.copyOfRange(model, 4, model.length);
                    }
                }
            } catch (IndexOutOfBoundsException rejected) {
                assertThat(b.start()).isEqualTo(startBefore);
                assertThat(b.end()).isEqualTo(endBefore);
                assertThat(b.toByteArray()).isEqualTo(before);
            }
            assertThat(b.start()).isBetween(0, b.end());
            assertThat(b.end()).isLessThanOrEqualTo(b.size());
            assertThat(b.size()).isEqualTo(capacity + headroom);
            assertThat(b.toByteArray()).isEqualTo(model);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }
}
