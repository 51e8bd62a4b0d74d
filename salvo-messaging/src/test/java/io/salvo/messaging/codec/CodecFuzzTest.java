package io.salvo.messaging.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.orderentry.NewOrderView;
import io.salvo.messaging.codec.orderentry.OrderEntry;
import io.salvo.messaging.codec.orderentry.OrderEntryCodecs;

import java.nio.ByteOrder;

/**
 * Jazzer fuzz tests for the codecs: any payload decodes to a message or is a
 * {@link FramingException}, never anything else; a decoded message encodes again and decodes to
 * an equal one; a decoder reads only the payload it is given (the window ends there). {@code mvn
 * test} replays the committed corpus in
 * {@code src/test/resources/io/salvo/messaging/codec/CodecFuzzTestInputs/}.
 */
class CodecFuzzTest {

    /** The whole payload is one order-entry message, type byte first. */
    @FuzzTest(maxDuration = "2m")
    void orderEntry(byte[] data) throws FramingException {
        roundTrip(OrderEntryCodecs.protocol(), data, 0);
    }

    /** The first byte picks the byte order, the rest is a payload of {@code AllKinds}. */
    @FuzzTest(maxDuration = "2m")
    void fixedLayout(byte[] data) throws FramingException {
        ByteOrder order = data.length > 0 && (data[0] & 1) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        roundTrip(FixedLayoutCodecProperties.codec(order), data, Math.min(1, data.length));
    }

    /** The flyweight wraps any 30 bytes and reads every field; any other length is refused. */
    @FuzzTest(maxDuration = "2m")
    void newOrderView(byte[] data) {
        FlyweightCodec<NewOrderView> codec = new FlyweightCodec<>(new NewOrderView());
        try {
            NewOrderView v = codec.decode(exactly(data), 0, data.length);
            v.clientOrderId();
            v.quantity();
            v.priceTicks();
            v.symbol(new StringBuilder());
            v.symbolEquals("MSFT");
            v.side();
            v.timeInForce();
        } catch (FramingException e) {
            requireMessage(e);
        }
    }

    /** A stream through a 2-byte length framer into the order-entry codec, as a connection reads it. */
    @FuzzTest(maxDuration = "2m")
    void framedOrderEntry(byte[] data) {
        Framer framer = Framers.lengthPrefixed(2, 512);
        Codec<OrderEntry> codec = OrderEntryCodecs.protocol();
        DatagramBuffer in = exactly(data);
        int at = 0;
        try {
            int length;
            while ((length = framer.frameLength(in, at, data.length - at)) > 0) {
                int offset = framer.payloadOffset(in, at, length);
                OrderEntry m = codec.decode(in, at + offset, framer.payloadLength(in, at, length));
                if (m == null) {
                    throw new AssertionError("decoded null");
                }
                at += length;
            }
        } catch (FramingException e) {
            requireMessage(e);
        }
    }

    private static <T> void roundTrip(Codec<T> codec, byte[] data, int from) throws FramingException {
        T decoded;
        try {
            decoded = codec.decode(exactly(data), from, data.length - from);
        } catch (FramingException e) {
            requireMessage(e);
            return;
        }
        DatagramBuffer out = DatagramBuffer.allocate(data.length + 1, 0);
        codec.encode(decoded, out);
        T again = codec.decode(out, 0, out.length());
        if (!again.equals(decoded)) {
            throw new AssertionError(decoded + " encoded and decoded as " + again);
        }
    }

    /** A buffer whose window ends at the input's last byte. */
    private static DatagramBuffer exactly(byte[] data) {
        return DatagramBuffer.allocate(Math.max(1, data.length), 2).writeBytes(data);
    }

    private static void requireMessage(FramingException e) {
        if (e.getMessage() == null || e.getMessage().isEmpty()) {
            throw new AssertionError("a FramingException without a message", e);
        }
    }
}
