package io.salvo.messaging.framing;

import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.testing.FrameWriter;
import org.junit.jupiter.api.Test;

import static io.salvo.messaging.testing.Bytes.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedSizeFramerTest {

    @Test
    void everyFrameIsTheFixedSize() throws FramingException {
        Framer f = Framers.fixedSize(3);
        assertThat(f.frameLength(buffer(1, 2, 3, 4), 0, 2)).isEqualTo(Framer.NEED_MORE);
        assertThat(f.frameLength(buffer(1, 2, 3, 4), 0, 4)).isEqualTo(3);
        assertThat(f.maxFrameSize()).isEqualTo(3);
        assertThat(FrameWriter.frame(f, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    }

    @Test
    void aPayloadOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> FrameWriter.frame(Framers.fixedSize(3), new byte[2]))
                .isInstanceOf(FramingException.class)
                .hasMessage("payload of 2 bytes does not fill a fixed-size frame of 3 bytes");
        assertThatThrownBy(() -> Framers.fixedSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("frame size must be > 0, got 0");
    }
}
