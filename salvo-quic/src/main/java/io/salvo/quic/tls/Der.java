package io.salvo.quic.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings an X.509 certificate needs (ITU-T X.690), each returning the complete
 * tag-length-value. Enough for {@link SelfSignedCertificate}; not a general ASN.1 library.
 */
final class Der {

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        byte[] body = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
        out.write(tag);
        writeLength(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(0x30, parts);
    }

    static byte[] set(byte[]... parts) {
        return tlv(0x31, parts);
    }

    /** A non-negative INTEGER from big-endian magnitude bytes. */
    static byte[] unsignedInteger(byte[] magnitude) {
        int start = 0;
        while (start < magnitude.length - 1 && magnitude[start] == 0) {
            start++;
        }
        boolean highBit = (magnitude[start] & 0x80) != 0;
        byte[] value = new byte[magnitude.length - start + (highBit ? 1 : 0)];
        System.arraycopy(magnitude, start, value, highBit ? 1 : 0, magnitude.length - start);
        return tlv(0x02, value);
    }

    static byte[] smallInteger(int value) {
        return unsignedInteger(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    static byte[] objectIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while ((value >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? group : group | 0x80);
        }
    }

    static byte[] utf8String(String text) {
        return tlv(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An X.509 Time: UTCTime through 2049, GeneralizedTime from 2050, as RFC 5280 §4.1.2.5 requires. */
    static byte[] time(ZonedDateTime time) {
        ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            String text = utc.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"));
            return tlv(0x17, text.getBytes(StandardCharsets.US_ASCII));
        }
        String text = utc.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'"));
        return tlv(0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bitString(byte[] bytes) {
        byte[] value = new byte[bytes.length + 1]; // leading byte: 0 unused bits
        System.arraycopy(bytes, 0, value, 1, bytes.length);
        return tlv(0x03, value);
    }

    static byte[] octetString(byte[] bytes) {
        return tlv(0x04, bytes);
    }

    static byte[] booleanTrue() {
        return new byte[] {0x01, 0x01, (byte) 0xFF};
    }

    /** A context-specific constructed (EXPLICIT) tag {@code [n]}. */
    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xA0 | n, inner);
    }

    /** A context-specific primitive (IMPLICIT) tag {@code [n]} with raw content. */
    static byte[] implicitPrimitive(int n, byte[] content) {
        return tlv(0x80 | n, content);
    }
}
