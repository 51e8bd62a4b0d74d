package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainCodecTest {

    record Ping(long nanos, int seq) {}

    private static final PlainCodec<Ping> PING = PlainCodec.of(
            (p, out) -> out.writeLong(p.nanos()).writeInt(p.seq()),
            (in, offset, length) -> {
                if (length != 12) {
                    throw new FramingException("Ping is 12 bytes, got " + length);
                }
                return new Ping(in.getLong(offset), in.getInt(offset + 8));
            });

    @Test
    void roundTrips() throws FramingException {
        DatagramBuffer out = DatagramBuffer.allocate(32, 0);
        PING.encode(new Ping(7, 9), out);
        assertThat(PING.decode(out, 0, out.length())).isEqualTo(new Ping(7, 9));
    }

    @Test
    void anEncoderThatOverrunsTheTailroomBecomesAFramingExceptionAndIsTakenBack() {
        DatagramBuffer out = DatagramBuffer.allocate(10, 0).writeByte(1);
        assertThatThrownBy(() -> PING.encode(new Ping(7, 9), out))
                .isInstanceOf(FramingException.class)
                .hasMessage("message does not fit the tailroom of 9 bytes: write of 4 bytes exceeds tailroom 1");
        assertThat(out.toByteArray()).containsExactly(1);
    }
}
