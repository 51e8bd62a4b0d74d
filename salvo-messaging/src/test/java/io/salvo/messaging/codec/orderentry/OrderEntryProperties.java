package io.salvo.messaging.codec.orderentry;

import io.salvo.messaging.Framer;
import io.salvo.messaging.Framers;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.MessageTypeCodec;
import io.salvo.messaging.codec.orderentry.OrderEntry.Ack;
import io.salvo.messaging.codec.orderentry.OrderEntry.Heartbeat;
import io.salvo.messaging.codec.orderentry.OrderEntry.Login;
import io.salvo.messaging.codec.orderentry.OrderEntry.NewOrder;
import io.salvo.messaging.codec.orderentry.OrderEntry.Reject;
import io.salvo.messaging.testing.FrameWriter;
import io.salvo.messaging.testing.StreamReceiver;
import io.salvo.buffer.DatagramBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path of a protocol: messages encoded by the type-dispatching codec, framed with a
 * 2-byte length, sent as one stream cut anywhere, reassembled, decoded: the same messages come out,
 * through the record codecs and through the flyweight.
 */
class OrderEntryProperties {

    static final Framer FRAMER = Framers.lengthPrefixed(2, 256);

    @Provide
    Arbitrary<List<OrderEntry>> conversations() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('A', 'Z').ofMaxLength(8);
        Arbitrary<OrderEntry> login = Combinators.combine(word, word, Arbitraries.longs()).as(Login::new);
        Arbitrary<OrderEntry> heartbeat = Arbitraries.just(new Heartbeat());
        Arbitrary<OrderEntry> newOrder = Combinators.combine(Arbitraries.longs(), word, Arbitraries.of(OrderEntry.Side.class),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs(), Arbitraries.of(OrderEntry.TimeInForce.class))
                .as(NewOrder::new);
        Arbitrary<OrderEntry> ack = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs()).as(Ack::new);
        Arbitrary<OrderEntry> reject = Combinators.combine(Arbitraries.longs(), Arbitraries.of(OrderEntry.RejectReason.class),
                Arbitraries.strings().ascii().ofMaxLength(20).map(String::stripTrailing)).as(Reject::new);
        return Arbitraries.oneOf(login, heartbeat, newOrder, ack, reject).list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void messagesSurviveEncodeFrameCutReassembleDecode(@ForAll("conversations") List<OrderEntry> sent,
                                                       @ForAll("cuts") List<Double> fractions,
                                                       @ForAll boolean passExamined) throws FramingException {
        MessageTypeCodec<OrderEntry> sender = OrderEntryCodecs.protocol();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (OrderEntry m : sent) {
            wire.writeBytes(FrameWriter.frame(FRAMER, sender, m));
        }
        byte[] stream = wire.toByteArray();
        TreeSet<Integer> cuts = new TreeSet<>();
        fractions.forEach(f -> cuts.add((int) (f * stream.length)));
        StreamReceiver rx = new StreamReceiver(FRAMER, FRAMER.maxFrameSize(), 0, passExamined)
                .receive(stream, cuts.stream().mapToInt(Integer::intValue).toArray());

        MessageTypeCodec<OrderEntry> receiver = OrderEntryCodecs.protocol();
        NewOrderView view = new NewOrderView();
        List<OrderEntry> received = new ArrayList<>();
        for (byte[] payload : rx.payloads()) {
            DatagramBuffer in = DatagramBuffer.allocate(Math.max(1, payload.length), 0).writeBytes(payload);
            OrderEntry m = receiver.decode(in, 0, payload.length);
            received.add(m);
            if (m instanceof NewOrder order) {
                view.wrap(in, 1, payload.length - 1);
                assertThat(view.clientOrderId()).isEqualTo(order.clientOrderId());
                assertThat(view.symbolEquals(order.symbol())).isTrue();
                assertThat(view.side()).isEqualTo(order.side());
                assertThat(view.quantity()).isEqualTo(order.quantity());
                assertThat(view.priceTicks()).isEqualTo(order.priceTicks());
                assertThat(view.timeInForce()).isEqualTo(order.timeInForce());
            }
        }
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Provide
    Arbitrary<List<Double>> cuts() {
        return Arbitraries.doubles().between(0, 1).list().ofMaxSize(30);
    }
}
