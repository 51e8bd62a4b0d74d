package io.salvo.messaging.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** FIX frames built by hand, the way another engine writes them: BodyLength without leading zeros. */
public final class FixMessages {

    public static final byte SOH = 0x01;

    private FixMessages() {
    }

    /** {@code 8=begin|9=len|body10=NNN|} with the correct CheckSum. */
    public static byte[] canonical(String beginString, byte[] body) {
        return withChecksum(header(beginString, Integer.toString(body.length)), body);
    }

    /** A frame with the given BodyLength text (leading zeros, wrong values) and a correct CheckSum. */
    public static byte[] withBodyLength(String beginString, String bodyLength, byte[] body) {
        return withChecksum(header(beginString, bodyLength), body);
    }

    /** {@code 8=...|9=...|} with {@code |} = SOH, parsed from a readable string: {@code |} becomes SOH. */
    public static byte[] soh(String text) {
        return text.replace('|', (char) SOH).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] header(String beginString, String bodyLength) {
        return soh("8=" + beginString + "|9=" + bodyLength + "|");
    }

    private static byte[] withChecksum(byte[] header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(body);
        int sum = 0;
        for (byte b : out.toByteArray()) {
            sum += b & 0xFF;
        }
        out.writeBytes(soh(String.format("10=%03d|", sum % 256)));
        return out.toByteArray();
    }
}
