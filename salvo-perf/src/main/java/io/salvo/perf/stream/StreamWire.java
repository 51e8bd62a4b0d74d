package io.salvo.perf.stream;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.perf.sequence.SequenceHeader;

/**
 * What salvo-perf's own frames carry over a stream, in the first payload byte (the type byte of
 * the datagram protocol, so the two never disagree): data frames start with a
 * {@link SequenceHeader}; probes with {@link #PING}; the two control frames are exactly
 * {@link #CONTROL_PAYLOAD} bytes, the type and {@link #MAGIC}, so another sender's frames are not
 * taken for them by accident.
 */
public final class StreamWire {

    /** A data frame: a {@link SequenceHeader} (type 0, the stamp), then filler. */
    public static final byte DATA = SequenceHeader.DATA;
    /** A round-trip probe: the type, a sequence number, filler; echoed unchanged. */
    public static final byte PING = 1;
    /** Asks a {@code salvo-perf server} for this connection's counts (answered with a {@link ConnectionReport}). */
    public static final byte REPORT = 3;
    /** The answer to {@link #REPORT}. */
    public static final byte REPORT_REPLY = 4;
    /**
     * As a connection's first frame: "echo everything from here on". A {@code salvo-perf server}
     * switches the connection to echoing (and echoes this frame); any echo server simply echoes it.
     */
    public static final byte ECHO = 5;
    /** {@code "salvo-pf"} in ASCII: the second half of a control frame. */
    public static final long MAGIC = 0x73616c766f2d7066L;
    /** Payload bytes of a control frame: the type and {@link #MAGIC}. */
    public static final int CONTROL_PAYLOAD = 9;

    private StreamWire() {
    }

    /** Appends a control frame of {@code type} to the buffer's payload. */
    public static DatagramBuffer writeControl(DatagramBuffer out, byte type) {
        return out.writeInt(CONTROL_PAYLOAD).writeByte(type).writeLong(MAGIC);
    }

    /**
     * The type of the control frame whose payload starts at {@code at} and is {@code length}
     * bytes long, or -1 if it is not one.
     */
    public static int controlType(DatagramBuffer b, int at, int length) {
        if (length != CONTROL_PAYLOAD || b.getLong(at + 1) != MAGIC) {
            return -1;
        }
        byte type = b.getByte(at);
        return type == REPORT || type == ECHO ? type : -1;
    }
}
