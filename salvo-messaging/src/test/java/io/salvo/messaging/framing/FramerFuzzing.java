package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.framing.LengthPrefixedFramer.LengthCounts;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The contract every framer keeps on any bytes, checked the way a receive path walks a stream:
 * <ul>
 *   <li>no exception but {@link FramingException} (a bug shows as any other, including an
 *       {@link IndexOutOfBoundsException} from reading past the bytes given: the buffer's window
 *       ends exactly there);</li>
 *   <li>a frame length in {@code [1, min(available, maxFrameSize)]} or {@link Framer#NEED_MORE}, and
 *       a payload inside the frame;</li>
 *   <li>the same answer wherever the bytes sit and whatever lies before them;</li>
 *   <li>fewer bytes never decide differently: a frame of {@code L} needs {@code L} bytes and is the
 *       same frame with more; once bytes are rejected, more bytes are rejected too;</li>
 *   <li>the examined hint never changes an answer.</li>
 * </ul>
 * Also the decoding of fuzz inputs into framer settings, shared by the fuzz tests and their corpus.
 */
final class FramerFuzzing {

    /** Bytes of a fuzz input before the stream: settings, settings, padding. */
    static final int SETTINGS = 3;

    private FramerFuzzing() {
    }

    static LengthPrefixedFramer lengthPrefixed(byte[] data) {
        int s = at(data, 0);
        int size = new int[] {1, 2, 4, 8}[s & 3];
        int offset = (s >>> 6) & 3;
        LengthPrefixedFramer.Builder b = LengthPrefixedFramer.builder(offset + size + 2 * at(data, 1))
                .lengthFieldSize(size)
                .byteOrder((s & 4) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .lengthCounts(LengthCounts.values()[((s >>> 3) & 3) % 3])
                .lengthFieldOffset(offset);
        return ((s & 0x20) != 0 ? b.codecSeesHeader() : b).build();
    }

    static FixedSizeFramer fixedSize(byte[] data) {
        return new FixedSizeFramer(1 + at(data, 0));
    }

    /** The delimiter is 1 to 3 bytes taken from the front of the stream part. */
    static DelimiterFramer delimited(byte[] data) {
        int length = 1 + at(data, 0) % 3;
        byte[] delimiter = new byte[length];
        for (int i = 0; i < length; i++) {
            delimiter[i] = (byte) at(data, SETTINGS + i);
        }
        return new DelimiterFramer(length + 2 * at(data, 1), delimiter);
    }

    static FixFramer fix(byte[] data) {
        int s = at(data, 0);
        String begin = new String[] {"FIX.4.2", "FIX.4.4", "FIXT.1.1"}[(s & 0x7F) % 3];
        return new FixFramer(begin, 40 + 4 * at(data, 1), (s & 0x80) != 0);
    }

    static int padding(byte[] data) {
        return at(data, 2) & 0x0F;
    }

    static byte[] stream(byte[] data) {
        return data.length <= SETTINGS ? new byte[0] : Arrays.copyOfRange(data, SETTINGS, data.length);
    }

    private static int at(byte[] data, int index) {
        return index < data.length ? data[index] & 0xFF : 0;
    }

    /** Walks {@code stream} frame by frame, checking every answer; returns the frames cut. */
    static int check(Framer framer, int padding, byte[] stream) {
        DatagramBuffer a = placed(stream, padding, (byte) 0x5A);
        DatagramBuffer b = placed(stream, padding + 3, (byte) 0x01);
        int frames = 0;
        int at = 0;
        while (true) {
            int available = stream.length - at;
            Answer answer = ask(framer, a, padding + at, available, 0);
            Answer elsewhere = ask(framer, b, padding + 3 + at, available, 0);
            require(answer.equals(elsewhere), "answer depends on where the bytes sit: " + answer + " vs " + elsewhere);
            if (answer.length > 0) {
                require(answer.length <= Math.min(available, framer.maxFrameSize()),
                        "frame length " + answer.length + " over min(" + available + ", " + framer.maxFrameSize() + ")");
                int payloadOffset = framer.payloadOffset(a, padding + at, answer.length);
                int payloadLength = framer.payloadLength(a, padding + at, answer.length);
                require(payloadOffset >= 0 && payloadLength >= 0 && payloadOffset + payloadLength <= answer.length,
                        "payload [" + payloadOffset + ", +" + payloadLength + ") outside a frame of " + answer.length);
            }
            checkFewerBytes(framer, a, padding + at, available, answer);
            if (answer.length <= 0) {
                return frames;
            }
            frames++;
            at += answer.length;
        }
    }

    private static void checkFewerBytes(Framer framer, DatagramBuffer buffer, int offset, int available, Answer full) {
        int fullEnd = buffer.length();
        boolean rejected = false;
        int lastNeedMore = -1;
        for (int k = 0; k <= available; k = next(k, available)) {
            buffer.setLength(offset + k); // the window ends at the bytes given
            Answer fewer = ask(framer, buffer, offset, k, 0);
            if (full.length > 0) {
                require(fewer.equals(k >= full.length ? full : Answer.NEED_MORE),
                        "with " + k + " of the bytes: " + fewer + ", with all " + available + ": " + full);
            } else if (full.length == 0) {
                require(fewer.equals(Answer.NEED_MORE), "with " + k + " bytes: " + fewer + ", with more: need more");
            } else {
                require(fewer.length <= 0, "a frame of " + fewer.length + " with " + k + " bytes, rejected with all " + available);
                require(!rejected || fewer.length < 0, "rejected with fewer bytes, need more with " + k);
                rejected |= fewer.length < 0;
            }
            if (lastNeedMore >= 0) {
                Answer resumed = ask(framer, buffer, offset, k, lastNeedMore);
                require(resumed.equals(fewer), "examined " + lastNeedMore + " changed " + fewer + " to " + resumed);
            }
            if (fewer.length == 0) {
                lastNeedMore = k;
            }
        }
        buffer.setLength(fullEnd);
    }

    /** Every count up to 64, then about 32 more spread out, and the last one. */
    private static int next(int k, int available) {
        if (k < 64 || k == available) {
            return k + 1;
        }
        return Math.min(available, k + Math.max(1, available / 32));
    }

    private static DatagramBuffer placed(byte[] stream, int padding, byte garbage) {
        DatagramBuffer buffer = DatagramBuffer.allocate(padding + stream.length + 1, 1);
        for (int i = 0; i < padding; i++) {
            buffer.writeByte(garbage + i);
        }
        return buffer.writeBytes(stream);
    }

    /** A frame length, 0 for need-more, or -1 with the rejection's message. */
    record Answer(int length, String rejection) {
        static final Answer NEED_MORE = new Answer(0, null);

        @Override
        public boolean equals(Object o) {
            return o instanceof Answer other && other.length == length && Objects.equals(other.rejection, rejection);
        }

        @Override
        public int hashCode() {
            return length;
        }
    }

    private static Answer ask(Framer framer, DatagramBuffer buffer, int offset, int available, int examined) {
        try {
            int length = framer.frameLength(buffer, offset, available, examined);
            require(length >= 0, "negative frame length " + length);
            return length == 0 ? Answer.NEED_MORE : new Answer(length, null);
        } catch (FramingException e) {
            require(e.getMessage() != null && !e.getMessage().isEmpty(), "a rejection without a message");
            return new Answer(-1, e.getMessage());
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
