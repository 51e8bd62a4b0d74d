package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.testing.FixMessages;
import io.salvo.messaging.testing.FrameWriter;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.salvo.messaging.testing.Bytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;

/** Cutting frames, and writing them, allocates nothing in steady state: every framer. */
class FramerAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void lengthPrefixedAllocatesNothing() throws FramingException {
        assertAllocationFree(Framers.lengthPrefixed(4, 256), new byte[40]);
    }

    @Test
    void fixedSizeAllocatesNothing() throws FramingException {
        assertAllocationFree(Framers.fixedSize(40), new byte[40]);
    }

    @Test
    void delimitedAllocatesNothing() throws FramingException {
        assertAllocationFree(Framers.crlfLines(256), ascii("a line of text with no end in it yet, forty"));
    }

    @Test
    void fixAllocatesNothing() throws FramingException {
        assertAllocationFree(Framers.fix("FIX.4.4", 256, true), FixMessages.soh("35=D|49=A|56=B|55=MSFT|38=100|"));
    }

    /**
     * Windows of 100,000 receive-and-send rounds; the best must stay under one byte per round (a
     * JIT recompilation may allocate once in a window on a loaded machine; a framer that allocates
     * per call fails every window).
     */
    private static void assertAllocationFree(Framer framer, byte[] payload) throws FramingException {
        byte[] frame = FrameWriter.frame(framer, payload);
        DatagramBuffer in = DatagramBuffer.allocate(frame.length, 0).writeBytes(frame);
        DatagramBuffer out = DatagramBuffer.allocate(framer.maxFrameSize(), 0);
        long sum = 0;
        double best = Double.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                sum += framer.frameLength(in, 0, frame.length / 2, 0);
                sum += framer.frameLength(in, 0, frame.length, frame.length / 2);
                sum += framer.payloadOffset(in, 0, frame.length) + framer.payloadLength(in, 0, frame.length);
                out.reset().setLength(framer.headerLength() + payload.length + framer.trailerLength());
                out.setBytes(framer.headerLength(), payload);
                framer.writeFrame(out, 0, payload.length);
            }
            best = Math.min(best, (THREADS.getCurrentThreadAllocatedBytes() - before) / 100_000.0);
        }
        assertThat(sum).isPositive();
        assertThat(out.toByteArray()).containsExactly(frame);
        assertThat(best).as("bytes allocated per round by " + framer).isLessThan(1.0);
    }
}
