package io.salvo.messaging.framing;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests for every framer: the first three bytes of an input choose the settings (see
 * {@link FramerFuzzing}), the rest is the stream. {@code mvn test} replays the committed corpus in
 * {@code src/test/resources/io/salvo/messaging/framing/FramerFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} one of them fuzzes (see docs/framing-and-codecs.md).
 */
class FramerFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void lengthPrefixed(byte[] data) {
        FramerFuzzing.check(FramerFuzzing.lengthPrefixed(data), FramerFuzzing.padding(data), FramerFuzzing.stream(data));
    }

    @FuzzTest(maxDuration = "2m")
    void fixedSize(byte[] data) {
        FramerFuzzing.check(FramerFuzzing.fixedSize(data), FramerFuzzing.padding(data), FramerFuzzing.stream(data));
    }

    @FuzzTest(maxDuration = "2m")
    void delimited(byte[] data) {
        FramerFuzzing.check(FramerFuzzing.delimited(data), FramerFuzzing.padding(data), FramerFuzzing.stream(data));
    }

    @FuzzTest(maxDuration = "2m")
    void fix(byte[] data) {
        FramerFuzzing.check(FramerFuzzing.fix(data), FramerFuzzing.padding(data), FramerFuzzing.stream(data));
    }
}
