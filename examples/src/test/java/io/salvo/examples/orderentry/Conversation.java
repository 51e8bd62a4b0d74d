package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.CancelOrder;
import io.salvo.examples.orderentry.OrderEntry.Cancelled;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;
import io.salvo.examples.orderentry.OrderEntry.Side;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trading session's worth of requests with every kind of answer, checked one by one: the same
 * script over TCP and UDP, in every flavour. Client order ids start at {@code firstId}, so sessions
 * of one test do not collide in their messages.
 */
final class Conversation {

    private Conversation() {
    }

    /** Runs the script plus {@code extraOrders} good orders (each cancelled again); returns the orders it left live (one). */
    static int run(OrderEntryClient trader, Flavour flavour, long firstId, int extraOrders) throws IOException {
        long id = firstId;
        Ack ack = (Ack) flavour.request(trader, new NewOrder(id, "ACME", Side.BUY, 100, 12_345));
        assertThat(ack.clientOrderId()).isEqualTo(id);
        assertThat(ack.orderId()).isPositive();

        // orders invalid on their own: answered by the exchange's hooks, never seen by its application
        assertRejected(flavour.request(trader, new NewOrder(id + 1, "NOPE", Side.BUY, 1, 1)), id + 1, RejectReason.UNKNOWN_SYMBOL);
        assertRejected(flavour.request(trader, new NewOrder(id + 2, "ACME", Side.SELL, 0, 1)), id + 2, RejectReason.BAD_QUANTITY);
        assertRejected(flavour.request(trader, new NewOrder(id + 3, "ACME", Side.SELL, ExchangeHooks.MAX_QUANTITY + 1, 1)),
                id + 3, RejectReason.BAD_QUANTITY);
        assertRejected(flavour.request(trader, new NewOrder(id + 4, "HOOLI", Side.BUY, 5, -7)), id + 4, RejectReason.BAD_PRICE);
        // needing memory of the session: the exchange's application
        assertRejected(flavour.request(trader, new NewOrder(id, "INITECH", Side.BUY, 5, 7)), id, RejectReason.DUPLICATE_ORDER_ID);
        assertThat(flavour.request(trader, new CancelOrder(id))).isEqualTo(new Cancelled(id, ack.orderId()));
        assertRejected(flavour.request(trader, new CancelOrder(id)), id, RejectReason.UNKNOWN_ORDER);

        long previous = ack.orderId();
        for (int i = 0; i < extraOrders; i++) {
            long clientId = id + 10 + i;
            Ack next = (Ack) flavour.request(trader, new NewOrder(clientId, "INITECH", i % 2 == 0 ? Side.BUY : Side.SELL,
                    1 + i, 100 + i));
            assertThat(next.clientOrderId()).isEqualTo(clientId);
            assertThat(next.orderId()).isGreaterThan(previous);
            previous = next.orderId();
            if (i < extraOrders - 1) {
                assertThat(flavour.request(trader, new CancelOrder(clientId))).isEqualTo(new Cancelled(clientId, next.orderId()));
            }
        }
        return extraOrders > 0 ? 1 : 0;
    }

    private static void assertRejected(OrderEntry answer, long clientOrderId, RejectReason reason) {
        assertThat(answer).isInstanceOf(Reject.class);
        Reject r = (Reject) answer;
        assertThat(r.clientOrderId()).isEqualTo(clientOrderId);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.text()).isNotBlank();
    }
}
