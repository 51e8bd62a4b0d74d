package io.salvo.messaging.testing;

import io.salvo.buffer.DatagramBuffer;

import java.nio.charset.StandardCharsets;

/** Small helpers to put test bytes into buffers. */
public final class Bytes {

    private Bytes() {
    }

    /** A buffer whose payload is exactly {@code bytes}, after a little headroom. */
    public static DatagramBuffer buffer(byte[] bytes) {
        DatagramBuffer b = DatagramBuffer.allocate(Math.max(1, bytes.length), 3);
        b.writeBytes(bytes);
        return b;
    }

    public static DatagramBuffer buffer(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return buffer(array);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
