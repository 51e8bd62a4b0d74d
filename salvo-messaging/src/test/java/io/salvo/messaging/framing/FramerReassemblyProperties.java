package io.salvo.messaging.framing;

import io.salvo.messaging.FramingException;
import io.salvo.messaging.testing.StreamReceiver;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever way a stream of frames is cut into reads, the receive path (accumulate, ask the
 * framer, consume, compact) cuts out exactly the frames that were sent, and each payload exactly.
 * Every framer variant, every single cut point, one-byte trickles and random multi-cut patterns,
 * with and without the examined hint.
 */
class FramerReassemblyProperties {

    @Provide
    Arbitrary<FramerCases.Case> lengthPrefixed() {
        return FramerCases.lengthPrefixed();
    }

    @Provide
    Arbitrary<FramerCases.Case> fixedSize() {
        return FramerCases.fixedSize();
    }

    @Provide
    Arbitrary<FramerCases.Case> delimited() {
        return FramerCases.delimited();
    }

    @Provide
    Arbitrary<FramerCases.Case> fix() {
        return FramerCases.fix();
    }

    @Provide
    Arbitrary<FramerCases.Case> any() {
        return FramerCases.any();
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void lengthPrefixedFramesSurviveACutAtEveryByte(@ForAll("lengthPrefixed") FramerCases.Case c,
                                                    @ForAll boolean passExamined) throws FramingException {
        assertEveryCutPoint(c, passExamined);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void fixedSizeFramesSurviveACutAtEveryByte(@ForAll("fixedSize") FramerCases.Case c,
                                               @ForAll boolean passExamined) throws FramingException {
        assertEveryCutPoint(c, passExamined);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void delimitedFramesSurviveACutAtEveryByte(@ForAll("delimited") FramerCases.Case c,
                                               @ForAll boolean passExamined) throws FramingException {
        assertEveryCutPoint(c, passExamined);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void fixFramesSurviveACutAtEveryByte(@ForAll("fix") FramerCases.Case c,
                                         @ForAll boolean passExamined) throws FramingException {
        assertEveryCutPoint(c, passExamined);
    }

    @Property(tries = 200)
    void anyFramesSurviveRandomMultiCutPatterns(@ForAll("any") FramerCases.Case c,
                                               @ForAll("cutFractions") List<Double> fractions,
                                               @ForAll @IntRange(max = 200) int spareCapacity,
                                               @ForAll @IntRange(max = 9) int headroom,
                                               @ForAll boolean passExamined) throws FramingException {
        byte[] stream = c.stream();
        TreeSet<Integer> cuts = new TreeSet<>();
        for (double f : fractions) {
            cuts.add((int) (f * stream.length));
        }
        StreamReceiver rx = new StreamReceiver(c.framer(), c.framer().maxFrameSize() + spareCapacity, headroom, passExamined)
                .receive(stream, cuts.stream().mapToInt(Integer::intValue).toArray());
        assertReassembled(c, rx);
    }

    @Property(tries = 100)
    void anyFramesSurviveAOneByteTrickle(@ForAll("any") FramerCases.Case c, @ForAll boolean passExamined)
            throws FramingException {
        StreamReceiver rx = new StreamReceiver(c.framer(), c.framer().maxFrameSize(), 3, passExamined);
        for (byte b : c.stream()) {
            rx.receive(new byte[] {b});
        }
        assertReassembled(c, rx);
    }

    @Provide
    Arbitrary<List<Double>> cutFractions() {
        return Arbitraries.doubles().between(0, 1).list().ofMaxSize(40);
    }

    /** The tightest buffer (capacity = max frame), so compaction happens as late and as often as it can. */
    private static void assertEveryCutPoint(FramerCases.Case c, boolean passExamined) throws FramingException {
        byte[] stream = c.stream();
        for (int cut = 0; cut <= stream.length; cut++) {
            StreamReceiver rx = new StreamReceiver(c.framer(), c.framer().maxFrameSize(), 2, passExamined)
                    .receive(stream, cut);
            assertReassembled(c, rx);
        }
    }

    private static void assertReassembled(FramerCases.Case c, StreamReceiver rx) {
        assertThat(rx.frames()).as("frames").containsExactlyElementsOf(c.frames());
        assertThat(rx.payloads()).as("payloads").containsExactlyElementsOf(c.payloads());
        assertThat(rx.pending()).as("bytes left over").isZero();
    }
}
