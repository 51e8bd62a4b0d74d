package io.salvo.messaging.framing;

import io.salvo.buffer.DatagramBuffer;

/** Argument checks and byte spelling shared by the framers. */
final class FramerChecks {

    private FramerChecks() {
    }

    /** The caller's bug, not the peer's: the range to look at lies outside the buffer's payload. */
    static void checkRange(DatagramBuffer buffer, int offset, int available) {
        if (offset < 0 || available < 0 || available > buffer.length() - offset) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + ((long) offset + available)
                    + ") outside the payload of " + buffer.length() + " bytes");
        }
    }

    static void checkExamined(int examined, int available) {
        if (examined < 0 || examined > available) {
            throw new IllegalArgumentException("examined " + examined + " outside [0, " + available + "]");
        }
    }

    static void checkMaxFrameSize(int maxFrameSize, int smallest) {
        if (maxFrameSize < smallest) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " is below the smallest frame of "
                    + smallest + " bytes");
        }
    }

    static void checkPayloadLength(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payload length must be >= 0, got " + payloadLength);
        }
    }

    /** Spells bytes for a message: printable ASCII as is, {@code \n \r \t \0} escaped, the rest {@code \xNN}. */
    static String spell(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            spell(b, sb);
        }
        return sb.toString();
    }

    static String spell(byte b) {
        return spell(b, new StringBuilder(4)).toString();
    }

    private static StringBuilder spell(byte b, StringBuilder sb) {
        switch (b) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0 -> sb.append("\\0");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (b >= 0x20 && b < 0x7F) {
                    sb.append((char) b);
                } else {
                    sb.append(String.format("\\x%02X", b & 0xFF));
                }
            }
        }
        return sb;
    }
}
