package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Framer;
import io.salvo.messaging.FramingException;

import java.nio.charset.StandardCharsets;

/**
 * FIX tag=value framing: a custom framer that reads its format's own length field.
 * <pre>
 *   8=FIX.4.4 SOH 9=BodyLength SOH [ body: 35=D SOH ... SOH ] 10=NNN SOH      (SOH = 0x01)
 * </pre>
 * The frame starts with the configured BeginString and BodyLength; BodyLength counts the body,
 * from the byte after its own SOH up to and including the SOH before {@code 10=}. The frame ends
 * with the seven-byte CheckSum field {@code 10=NNN<SOH>}, which must be there; with
 * {@code verifyChecksum} its value (the byte sum of everything before it, modulo 256) is checked too.
 * A codec sees the body only.
 *
 * <p>A wrong BeginString is rejected at its first wrong byte, an impossible BodyLength as soon as
 * its digits are in, never after waiting for {@code maxFrameSize} bytes.
 *
 * <p><b>Writing.</b> The header is reserved before the body is encoded, so BodyLength is written
 * zero-padded to a fixed width (the digits of {@code maxFrameSize}): FIX allows leading zeros in
 * int fields. The header length of a received frame therefore depends on the sender's digits:
 * {@link #payloadOffset(int)} cannot answer and throws; use
 * {@link #payloadOffset(DatagramBuffer, int, int)}.
 *
 * <p>Immutable and thread-safe; allocation-free except on error.
 */
public final class FixFramer implements Framer {

    /** FIX's field separator. */
    public static final byte SOH = 0x01;
    /** {@code 10=NNN<SOH>}. */
    public static final int CHECKSUM_FIELD_LENGTH = 7;

    private static final byte[] CHECKSUM_TAG = {'1', '0', '='};

    private final String beginString;
    private final byte[] prefix;
    private final int maxFrameSize;
    private final boolean verifyChecksum;
    private final int bodyLengthWidth;

    /**
     * @param beginString the BeginString every frame carries, e.g. {@code FIX.4.4} or {@code FIXT.1.1}
     * @param maxFrameSize the largest frame, header and CheckSum field included
     * @param verifyChecksum also check the CheckSum value on receive (one pass over the frame)
     */
    public FixFramer(String beginString, int maxFrameSize, boolean verifyChecksum) {
        if (beginString.isEmpty() || !beginString.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '=')) {
            throw new IllegalArgumentException("BeginString must be printable ASCII without '=', got \"" + beginString + "\"");
        }
        this.beginString = beginString;
        this.prefix = ("8=" + beginString + (char) SOH + "9=").getBytes(StandardCharsets.US_ASCII);
        this.bodyLengthWidth = Integer.toString(maxFrameSize).length();
        FramerChecks.checkMaxFrameSize(maxFrameSize, prefix.length + bodyLengthWidth + 1 + CHECKSUM_FIELD_LENGTH);
        this.maxFrameSize = maxFrameSize;
        this.verifyChecksum = verifyChecksum;
    }

    public String beginString() {
        return beginString;
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    public int frameLength(DatagramBuffer buffer, int offset, int available) throws FramingException {
        FramerChecks.checkRange(buffer, offset, available);
        int seen = Math.min(available, prefix.length);
        for (int i = 0; i < seen; i++) {
            byte b = buffer.getByte(offset + i);
            if (b != prefix[i]) {
                throw new FramingException("FIX frame must start with " + FramerChecks.spell(prefix) + ": byte " + i
                        + " is " + FramerChecks.spell(b));
            }
        }
        if (available < prefix.length) {
            return NEED_MORE;
        }
        long body = 0;
        int at = prefix.length;
        for (; ; at++) {
            if (at >= available) {
                return NEED_MORE;
            }
            byte b = buffer.getByte(offset + at);
            if (b == SOH) {
                break;
            }
            if (b < '0' || b > '9') {
                throw new FramingException("FIX BodyLength (9=) holds " + FramerChecks.spell(b) + " at byte " + at
                        + ", not a digit");
            }
            body = body * 10 + (b - '0');
            long smallestFrame = at + 2 + body + CHECKSUM_FIELD_LENGTH;
            if (smallestFrame > maxFrameSize) {
                throw new FramingException("FIX frame of at least " + smallestFrame + " bytes (BodyLength " + body
                        + " so far) exceeds the maximum frame size of " + maxFrameSize);
            }
        }
        if (at == prefix.length) {
            throw new FramingException("FIX BodyLength (9=) has no digits");
        }
        int checksumAt = at + 1 + (int) body;
        int frame = checksumAt + CHECKSUM_FIELD_LENGTH;
        if (available < frame) {
            return NEED_MORE;
        }
        int declared = checkChecksumField(buffer, offset, checksumAt, body);
        if (verifyChecksum) {
            int computed = checksum(buffer, offset, checksumAt);
            if (computed != declared) {
                throw new FramingException(String.format("FIX CheckSum %03d does not match the computed %03d",
                        declared, computed));
            }
        }
        return frame;
    }

    /** Checks {@code 10=NNN<SOH>} at {@code at} and returns NNN. */
    private static int checkChecksumField(DatagramBuffer buffer, int offset, int at, long body) throws FramingException {
        int value = 0;
        boolean ok = true;
        for (int i = 0; i < CHECKSUM_FIELD_LENGTH && ok; i++) {
            byte b = buffer.getByte(offset + at + i);
            if (i < CHECKSUM_TAG.length) {
                ok = b == CHECKSUM_TAG[i];
            } else if (i < CHECKSUM_FIELD_LENGTH - 1) {
                ok = b >= '0' && b <= '9';
                value = value * 10 + (b - '0');
            } else {
                ok = b == SOH;
            }
        }
        if (!ok) {
            byte[] found = new byte[CHECKSUM_FIELD_LENGTH];
            buffer.getBytes(offset + at, found, 0, found.length);
            throw new FramingException("FIX CheckSum field 10=NNN\\x01 expected at byte " + at + " after a body of "
                    + body + " bytes, found " + FramerChecks.spell(found));
        }
        return value;
    }

    private static int checksum(DatagramBuffer buffer, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += buffer.getByte(offset + i);
        }
        return sum & 0xFF;
    }

    /** @throws UnsupportedOperationException always: the header's length depends on BodyLength's digits */
    @Override
    public int payloadOffset(int frameLength) {
        throw new UnsupportedOperationException(
                "a FIX header's length depends on BodyLength's digits: use payloadOffset(buffer, frameOffset, frameLength)");
    }

    /** @throws UnsupportedOperationException always; see {@link #payloadOffset(int)} */
    @Override
    public int payloadLength(int frameLength) {
        throw new UnsupportedOperationException(
                "a FIX header's length depends on BodyLength's digits: use payloadLength(buffer, frameOffset, frameLength)");
    }

    /** The byte after BodyLength's SOH, in a frame {@link #frameLength} accepted. */
    @Override
    public int payloadOffset(DatagramBuffer buffer, int frameOffset, int frameLength) {
        int at = prefix.length;
        while (buffer.getByte(frameOffset + at) != SOH) {
            at++;
        }
        return at + 1;
    }

    @Override
    public int payloadLength(DatagramBuffer buffer, int frameOffset, int frameLength) {
        return frameLength - payloadOffset(buffer, frameOffset, frameLength) - CHECKSUM_FIELD_LENGTH;
    }

    /** BeginString, a zero-padded BodyLength as wide as {@code maxFrameSize}'s digits, and their SOHs. */
    @Override
    public int headerLength() {
        return prefix.length + bodyLengthWidth + 1;
    }

    @Override
    public int trailerLength() {
        return CHECKSUM_FIELD_LENGTH;
    }

    /**
     * Writes BeginString and BodyLength before the body and the CheckSum field after it (one pass
     * over the frame for the sum).
     *
     * @throws FramingException if the frame exceeds {@link #maxFrameSize()}, or a non-empty body does
     *         not end with SOH (its last field would run into the CheckSum field)
     */
    @Override
    public void writeFrame(DatagramBuffer buffer, int frameOffset, int payloadLength) throws FramingException {
        FramerChecks.checkPayloadLength(payloadLength);
        int header = headerLength();
        long frame = (long) header + payloadLength + CHECKSUM_FIELD_LENGTH;
        if (frame > maxFrameSize) {
            throw new FramingException("frame of " + frame + " bytes exceeds the maximum frame size of " + maxFrameSize);
        }
        if (payloadLength > 0) {
            byte last = buffer.getByte(frameOffset + header + payloadLength - 1);
            if (last != SOH) {
                throw new FramingException("FIX body must end with SOH (\\x01) before the CheckSum field; its last byte is "
                        + FramerChecks.spell(last));
            }
        }
        buffer.setBytes(frameOffset, prefix);
        writeDigits(buffer, frameOffset + prefix.length, payloadLength, bodyLengthWidth);
        buffer.setByte(frameOffset + header - 1, SOH);
        int checksumAt = frameOffset + header + payloadLength;
        int sum = checksum(buffer, frameOffset, header + payloadLength);
        buffer.setByte(checksumAt, '1').setByte(checksumAt + 1, '0').setByte(checksumAt + 2, '=');
        writeDigits(buffer, checksumAt + 3, sum, 3);
        buffer.setByte(checksumAt + 6, SOH);
    }

    private static void writeDigits(DatagramBuffer buffer, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer.setByte(at + i, '0' + value % 10);
            value /= 10;
        }
    }

    @Override
    public String toString() {
        return "FixFramer[" + beginString + ", max " + maxFrameSize + (verifyChecksum ? ", checksum verified" : "") + "]";
    }
}
