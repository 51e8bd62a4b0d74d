package io.salvo.messaging.framing;

import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.framing.LengthPrefixedFramer.LengthCounts;
import io.salvo.messaging.testing.FixMessages;
import io.salvo.messaging.testing.FrameWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random framers of every variant, each with a run of frames written by the send path (and, for
 * FIX, by another engine's canonical writer), the payloads a receiver must cut out of them, and
 * the concatenated stream.
 */
final class FramerCases {

    /** A framer, the frames on the wire, and the payload a codec must see in each. */
    record Case(Framer framer, List<byte[]> frames, List<byte[]> payloads) {
        byte[] stream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.forEach(out::writeBytes);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return framer + " with " + frames.size() + " frames of " + frames.stream().map(f -> f.length).toList() + " bytes";
        }
    }

    private static final int MAX_FRAMES = 6;
    private static final RandomDistribution UNIFORM = RandomDistribution.uniform();

    private FramerCases() {
    }

    static Arbitrary<Case> any() {
        return Arbitraries.oneOf(lengthPrefixed(), fixedSize(), delimited(), fix());
    }

    // ---------------------------------------------------------------- length-prefixed

    private record LengthConfig(int size, boolean littleEndian, LengthCounts counts, int offset, boolean codecSeesHeader,
                                int maxFrameSize) {}

    static Arbitrary<Case> lengthPrefixed() {
        Arbitrary<LengthConfig> configs = Combinators.combine(
                Arbitraries.of(1, 2, 4, 8),
                Arbitraries.of(true, false),
                Arbitraries.of(LengthCounts.class),
                Arbitraries.integers().between(0, 3).withDistribution(UNIFORM),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 300).withDistribution(UNIFORM)
        ).as((size, le, counts, offset, sees, extra) -> new LengthConfig(size, le, counts, offset, sees, offset + size + extra));
        return configs.flatMap(c -> {
            LengthPrefixedFramer.Builder builder = LengthPrefixedFramer.builder(c.maxFrameSize)
                    .lengthFieldSize(c.size)
                    .byteOrder(c.littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                    .lengthCounts(c.counts)
                    .lengthFieldOffset(c.offset);
            LengthPrefixedFramer framer = (c.codecSeesHeader ? builder.codecSeesHeader() : builder).build();
            int header = c.offset + c.size;
            int uncounted = switch (c.counts) {
                case PAYLOAD -> header;
                case LENGTH_FIELD_AND_PAYLOAD -> c.offset;
                case WHOLE_FRAME -> 0;
            };
            int largestFrame = c.size == 1 ? Math.min(c.maxFrameSize, 255 + uncounted) : c.maxFrameSize;
            int minPayload = c.codecSeesHeader ? header : 0;
            int maxPayload = c.codecSeesHeader ? largestFrame : largestFrame - header;
            return payloads(Arbitraries.bytes(), minPayload, maxPayload)
                    .map(payloads -> build(framer, payloads, c.codecSeesHeader));
        });
    }

    // ---------------------------------------------------------------- fixed size

    static Arbitrary<Case> fixedSize() {
        return Arbitraries.integers().between(1, 100).withDistribution(UNIFORM).flatMap(size ->
                payloads(Arbitraries.bytes(), size, size).map(p -> build(new FixedSizeFramer(size), p, false)));
    }

    // ---------------------------------------------------------------- delimiter

    static Arbitrary<Case> delimited() {
        Arbitrary<byte[]> delimiters = Arbitraries.oneOf(
                Arbitraries.of(new byte[] {'\n'}, new byte[] {'\r', '\n'}, new byte[] {0}),
                Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n').array(byte[].class).ofMinSize(1).ofMaxSize(3));
        return Combinators.combine(delimiters, Arbitraries.integers().between(0, 300).withDistribution(UNIFORM))
                .as((d, extra) -> new DelimiterFramer(d.length + extra, d)).flatMap(framer -> {
            byte[] d = framer.delimiter();
            int max = framer.maxFrameSize();
            Arbitrary<Byte> alphabet = Arbitraries.oneOf(Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n', d[0]),
                    Arbitraries.bytes());
            return payloads(alphabet, 0, max - d.length)
                    .map(payloads -> build(framer, payloads.stream().map(p -> withoutDelimiter(p, d)).toList(), false));
        });
    }

    /** Drops bytes until the delimiter's first occurrence in {@code payload + delimiter} is at the end. */
    static byte[] withoutDelimiter(byte[] payload, byte[] delimiter) {
        byte[] p = payload;
        while (true) {
            byte[] frame = Arrays.copyOf(p, p.length + delimiter.length);
            System.arraycopy(delimiter, 0, frame, p.length, delimiter.length);
            int at = indexOf(frame, delimiter);
            if (at == p.length) {
                return p;
            }
            byte[] shorter = new byte[p.length - 1];
            System.arraycopy(p, 0, shorter, 0, at);
            System.arraycopy(p, at + 1, shorter, at, p.length - at - 1);
            p = shorter;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- FIX

    static Arbitrary<Case> fix() {
        return Combinators.combine(
                Arbitraries.of("FIX.4.2", "FIX.4.4", "FIXT.1.1"),
                Arbitraries.integers().between(40, 600).withDistribution(UNIFORM),
                Arbitraries.of(true, false)
        ).as(FixFramer::new).flatMap(framer -> {
            int maxBody = framer.maxFrameSize() - framer.headerLength() - framer.trailerLength();
            Arbitrary<Byte> alphabet = Arbitraries.oneOf(
                    Arbitraries.of((byte) 1, (byte) '1', (byte) '0', (byte) '=', (byte) '9', (byte) '8'), Arbitraries.bytes());
            Arbitrary<byte[]> body = alphabet.array(byte[].class).ofMaxSize(Math.max(0, maxBody - 1)).withSizeDistribution(UNIFORM)
                    .map(b -> {
                        byte[] withSoh = Arrays.copyOf(b, b.length + 1);
                        withSoh[b.length] = FixFramer.SOH;
                        return withSoh;
                    });
            Arbitrary<byte[]> bodies = Arbitraries.frequencyOf(Tuple.of(9, body), Tuple.of(1, Arbitraries.just(new byte[0])));
            Arbitrary<Boolean> canonical = Arbitraries.of(true, false);
            return Combinators.combine(bodies, canonical).as((b, c) -> new byte[][] {b, {(byte) (c ? 1 : 0)}})
                    .list().ofMaxSize(MAX_FRAMES).withSizeDistribution(UNIFORM)
                    .map(items -> {
                        List<byte[]> frames = new ArrayList<>();
                        List<byte[]> payloads = new ArrayList<>();
                        for (byte[][] item : items) {
                            frames.add(item[1][0] == 1 ? FixMessages.canonical(framer.beginString(), item[0])
                                    : write(framer, item[0]));
                            payloads.add(item[0]);
                        }
                        return new Case(framer, frames, payloads);
                    });
        });
    }

    // ---------------------------------------------------------------- shared

    private static Arbitrary<List<byte[]>> payloads(Arbitrary<Byte> alphabet, int minSize, int maxSize) {
        return alphabet.array(byte[].class).ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(UNIFORM)
                .list().ofMaxSize(MAX_FRAMES).withSizeDistribution(UNIFORM);
    }

    /** Frames written by the send path; with {@code codecSeesHeader} the payload is the frame itself. */
    private static Case build(Framer framer, List<byte[]> payloads, boolean codecSeesHeader) {
        List<byte[]> frames = payloads.stream().map(p -> write(framer, p)).toList();
        return new Case(framer, frames, codecSeesHeader ? frames : payloads);
    }

    private static byte[] write(Framer framer, byte[] payload) {
        try {
            return FrameWriter.frame(framer, payload);
        } catch (FramingException e) {
            throw new AssertionError("the case generator made a payload " + framer + " refuses", e);
        }
    }
}
