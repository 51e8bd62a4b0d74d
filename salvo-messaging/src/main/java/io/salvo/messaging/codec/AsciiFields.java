package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;

/** Fixed-width ASCII fields: checks on encode, decoding with the padding trimmed. */
final class AsciiFields {

    private AsciiFields() {
    }

    /** @throws IllegalArgumentException if {@code value} is null, longer than {@code width} or not ASCII */
    static void check(CharSequence value, int width, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        if (value.length() > width) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" is " + value.length()
                    + " characters, the field holds " + width);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7F) {
                throw new IllegalArgumentException(field + ": character " + i + " of \"" + value + "\" is not ASCII");
            }
        }
    }

    /**
     * The field's text without trailing {@code padding} bytes.
     *
     * @throws FramingException if a byte is not ASCII
     */
    static String decode(DatagramBuffer in, int at, int width, byte padding, String field) throws FramingException {
        int used = width;
        while (used > 0 && in.getByte(at + used - 1) == padding) {
            used--;
        }
        byte[] bytes = new byte[used];
        in.getBytes(at, bytes, 0, used);
        for (int i = 0; i < used; i++) {
            if (bytes[i] < 0) {
                throw new FramingException(field + ": byte " + i + String.format(" (0x%02X)", bytes[i] & 0xFF)
                        + " is not ASCII");
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
