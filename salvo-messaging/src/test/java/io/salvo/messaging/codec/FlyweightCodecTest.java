package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.FramingException;
import io.salvo.messaging.codec.orderentry.NewOrderView;
import io.salvo.messaging.codec.orderentry.OrderEntry.NewOrder;
import io.salvo.messaging.codec.orderentry.OrderEntry.Side;
import io.salvo.messaging.codec.orderentry.OrderEntry.TimeInForce;
import io.salvo.messaging.codec.orderentry.OrderEntryCodecs;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlyweightCodecTest {

    private static final NewOrder ORDER = new NewOrder(42, "MSFT", Side.SELL_SHORT, 300, 12_345, TimeInForce.GTC);

    @Test
    void theViewReadsTheBytesTheRecordCodecWrote() throws FramingException {
        DatagramBuffer in = DatagramBuffer.allocate(64, 0).writeBytes(new byte[5]);
        OrderEntryCodecs.newOrder().encode(ORDER, in);
        FlyweightCodec<NewOrderView> codec = new FlyweightCodec<>(new NewOrderView());
        NewOrderView view = codec.decode(in, 5, NewOrderView.LENGTH);
        assertThat(codec.isFlyweight()).isTrue();
        assertThat(view.clientOrderId()).isEqualTo(42);
        assertThat(view.symbolEquals("MSFT")).isTrue();
        assertThat(view.symbolEquals("MSF")).isFalse();
        assertThat(view.symbol(new StringBuilder()).toString()).isEqualTo("MSFT");
        assertThat(view.side()).isEqualTo(Side.SELL_SHORT);
        assertThat(view.quantity()).isEqualTo(300);
        assertThat(view.priceTicks()).isEqualTo(12_345);
        assertThat(view.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(codec.decode(in, 5, NewOrderView.LENGTH)).isSameAs(view);
    }

    @Test
    void aMessageWrittenInPlaceIsEncodedByCopyAndDecodesAsARecord() throws FramingException {
        DatagramBuffer scratch = DatagramBuffer.allocate(64, 0);
        NewOrderView view = new NewOrderView();
        view.wrapAppend(scratch, NewOrderView.LENGTH);
        view.clientOrderId(42).symbol("MSFT").side(Side.SELL_SHORT).quantity(300).priceTicks(12_345).timeInForce(TimeInForce.GTC);
        DatagramBuffer out = DatagramBuffer.allocate(64, 0);
        new FlyweightCodec<>(new NewOrderView()).encode(view, out);
        assertThat(OrderEntryCodecs.newOrder().decode(out, 0, out.length())).isEqualTo(ORDER);
    }

    @Test
    void aPayloadOfTheWrongLengthIsRejectedAndTheViewStaysPut() throws FramingException {
        DatagramBuffer in = DatagramBuffer.allocate(64, 0).writeBytes(new byte[40]);
        FlyweightCodec<NewOrderView> codec = new FlyweightCodec<>(new NewOrderView());
        NewOrderView view = codec.decode(in, 0, 30);
        assertThatThrownBy(() -> codec.decode(in, 1, 29))
                .isInstanceOf(FramingException.class).hasMessage("NewOrderView is 30 bytes, got 29");
        assertThat(view.offset()).isZero();
        assertThatThrownBy(() -> view.wrapAppend(DatagramBuffer.allocate(10, 0), 30))
                .isInstanceOf(FramingException.class).hasMessage("NewOrderView of 30 bytes does not fit the tailroom of 10");
    }

    @Test
    void decodingAndReadingAllocatesNothing() throws FramingException {
        DatagramBuffer in = DatagramBuffer.allocate(64, 0);
        OrderEntryCodecs.newOrder().encode(ORDER, in);
        FlyweightCodec<NewOrderView> codec = new FlyweightCodec<>(new NewOrderView());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Windows of 200,000 decodes; the best must stay under one byte per decode (a JIT
        // recompilation may allocate once in a window on a loaded machine; a decode that allocates
        // fails every window).
        long sum = 0;
        double best = Double.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                NewOrderView v = codec.decode(in, 0, NewOrderView.LENGTH);
                sum += v.clientOrderId() + v.quantity() + v.priceTicks() + v.side().ordinal() + (v.symbolEquals("MSFT") ? 1 : 0);
            }
            best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 200_000.0);
        }
        assertThat(sum).isPositive();
        assertThat(best).isLessThan(1.0);
    }
}
