package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.codec.PlainCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.salvo.messaging.Messaging.ANY_LOCAL_PORT;
import static io.salvo.messaging.Messaging.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clt and Svc with the ready-made framers rather than the tests' own: text lines, and FIX, whose
 * header length varies with the message (the receive path asks the framer where each payload is).
 */
class ReadyFramersOverTcpTest {

    private static PlainCodec<String> text() {
        return PlainCodec.of((String s, DatagramBuffer out) -> out.writeBytes(s.getBytes(StandardCharsets.US_ASCII)),
                (in, offset, length) -> {
                    byte[] b = new byte[length];
                    in.getBytes(offset, b, 0, length);
                    return new String(b, StandardCharsets.US_ASCII);
                });
    }

    private static void echoesOverTcp(Framer framer, String... messages) throws Exception {
        MessagingConfig<String> config = MessagingConfig.builder(framer, ReadyFramersOverTcpTest::text).name("text").build();
        try (Svc<String> svc = Svc.bind(ANY_LOCAL_PORT, config)) {
            svc.onMessage((from, m) -> from.trySend("re:" + m));
            try (Clt<String> c = Clt.connect(svc.localAddress(), config)) {
                for (String m : messages) {
                    c.send(m);
                    assertThat(c.recvBlocking(PATIENCE)).isEqualTo("re:" + m);
                }
            }
        }
    }

    @Test
    void lineFramedTextRoundTrips() throws Exception {
        echoesOverTcp(Framers.lines(4096), "hello", "x", "a longer line of text with spaces");
    }

    @Test
    void fixFramedMessagesRoundTripWhateverTheirBodyLength() throws Exception {
        // Bodies of one, two and three digits of BodyLength: the payload offset differs for each.
        echoesOverTcp(Framers.fix("FIX.4.4", 4096), "35=0\u0001", "35=D\u000111=order-1\u000155=ACME\u0001",
                "35=D\u000158=" + "x".repeat(120) + "\u0001");
    }
}
